-- Custom events pre-aggregated per project, UTC hour, name and status, with the sum and count of
-- each numeric metric found in their metadata: what custom-events?metric=<key> reads (the sum and
-- average of a metric per event name), and the plain custom-event counts.
--
-- A metric is V8's selene_metric(metadata, key): metadata.metrics.<key>, else metadata.<key>, when
-- that is a JSON number. Each event is counted in the row whose metric is null (all events of the
-- name), and in one row per key its metadata has a number for (runs = events with a number there,
-- metric_sum = their sum, exact as numeric). The candidate keys are those of metadata.metrics and
-- of metadata; selene_metric itself decides which of them hold a number, so both paths agree.
--
-- Without it the metric was read from every custom event's metadata: at 10 M runs, largest
-- project, 30 days, ~53 k events from ~47 k heap pages, p50 416 ms, p95 470 ms (bench/README.md,
-- "Analytics reads"). EXPLAIN ANALYZE of the same question, medians: 379 -> 10 ms (~5.8 k rows);
-- the counts (custom-events without metric) 20 -> 6 ms (they read ~37 k rollup_hourly rows to keep
-- the custom-event ones). At 10 M runs the table has 0.27 M rows (24 MB).
--
-- Maintained by the rollup worker (RollupRefresh) with the other rollups, from the same dirty
-- hours. No foreign key to project, for the reason given in V22.
create table rollup_custom_event_hourly (
  project_id uuid not null,
  hour timestamptz not null,
  name text,
  status text,
  -- null: every event of the name; else the metric's key
  metric text,
  runs bigint not null,
  -- null when metric is null
  metric_sum numeric
);
create index rollup_custom_event_hourly_project_hour_idx
  on rollup_custom_event_hourly (project_id, hour);

-- The metrics of one event: (null, null) for the event itself, then (key, value) for each key
-- whose selene_metric is a number. Shared by the worker and this migration.
create function selene_event_metrics(metadata jsonb)
  returns table (metric text, value numeric)
  language sql immutable parallel safe as $$
    select null::text, null::numeric
    union all
    select k.key, selene_metric(metadata, k.key)
    from (select jsonb_object_keys(case when jsonb_typeof(metadata -> 'metrics') = 'object'
                                        then metadata -> 'metrics' else '{}' end) as key
          union
          select jsonb_object_keys(case when jsonb_typeof(metadata) = 'object'
                                        then metadata else '{}' end)) k
    where selene_metric(metadata, k.key) is not null
  $$;

-- Existing events, aggregated here (through the (project_id, type, created_at) index, one project
-- at a time) rather than by marking their hours dirty, which would make the worker rewrite every
-- rollup of those hours. Hours dirty now are read raw and rewritten by the worker as usual.
insert into rollup_custom_event_hourly (project_id, hour, name, status, metric, runs, metric_sum)
select r.project_id, selene_hour(r.created_at), r.name, r.status, m.metric, count(*), sum(m.value)
from project p
cross join lateral (select * from run r where r.project_id = p.id and r.type = 'custom-event'
                    and r.created_at is not null offset 0) r
cross join lateral selene_event_metrics(r.metadata) m
group by 1, 2, 3, 4, 5
order by 1, 2;
