-- The latency histogram per project and hour over all run types together: what an unfiltered
-- latency chart reads (the dashboard's default). Summing V8's per-type histograms instead unnests
-- every type's bins of every hour (at 10 M runs, largest project, 30 days: ~5 k rows into ~200 k
-- bins, two thirds of the route's ~300 ms; bench/README.md, "Analytics reads"); these rows hold
-- each bin once per hour, about five times fewer. Written by the rollup worker with the others.
create table rollup_latency_all_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  latency_bins smallint[] not null,
  latency_counts bigint[] not null,
  latency_sums bigint[] not null
);
create index rollup_latency_all_hourly_project_hour_idx
  on rollup_latency_all_hourly (project_id, hour)
  include (latency_bins, latency_counts, latency_sums);

-- Existing rollups: the same histograms merged across types, exactly (counts and microsecond sums
-- are integers). Hours still dirty are read raw whatever this table holds, and rewritten by the
-- worker like every rollup table.
insert into rollup_latency_all_hourly (project_id, hour, latency_bins, latency_counts, latency_sums)
select project_id, hour, array_agg(bin order by bin), array_agg(n order by bin),
  array_agg(s order by bin)
from (select l.project_id, l.hour, x.bin, sum(x.n)::bigint as n, sum(x.s)::bigint as s
      from rollup_latency_hourly l
      cross join lateral unnest(l.latency_bins, l.latency_counts, l.latency_sums) as x(bin, n, s)
      group by 1, 2, 3) bins
group by 1, 2;
