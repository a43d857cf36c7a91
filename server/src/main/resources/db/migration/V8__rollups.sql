-- Analytics rollups: runs pre-aggregated per project and UTC hour, kept current by a background
-- worker that re-aggregates only the hours that changed.
--
-- Change detection: statement-level triggers on run (one small insert per ingest statement, using
-- transition tables) record the (project, hour) pairs a statement touched in rollup_dirty. The
-- worker claims dirty pairs, rewrites those hours in both rollup tables and removes the claim in
-- the same transaction. Readers treat a dirty hour as "read it raw", so analytics are always equal
-- to an aggregation of the run table, whether or not the worker has caught up.

-- The hour a run belongs to: UTC-aligned and independent of the session's TimeZone setting.
create function selene_hour(ts timestamptz) returns timestamptz
  language sql immutable parallel safe
  return date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00');

-- A duration in whole microseconds (exact, so sums and averages survive aggregation unchanged).
create function selene_duration_us(d interval) returns bigint
  language sql immutable parallel safe
  return (extract(epoch from d) * 1000000)::bigint;

-- Latency histogram bin: 0 for durations under 1 ms (and negative ones from skewed clocks), then
-- 16 bins per doubling of milliseconds, so a bin is at most 4.5% wide. Percentiles are computed from
-- these bins (and the exact mean inside each bin) on both the rollup and the raw path.
create function selene_latency_bin(d interval) returns smallint
  language sql immutable parallel safe
  return case
    when d is null then null
    when extract(epoch from d) < 0.001 then 0
    else least(1023, 1 + floor(ln((extract(epoch from d) * 1000)::float8) / ln(2::float8) * 16))::smallint
  end;

-- One row per project x hour x type x name x status that has runs.
create table rollup_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  type text,
  name text,
  status text,
  runs bigint not null,
  prompt_tokens bigint not null,
  completion_tokens bigint not null,
  -- numeric: exact sums whatever the order of aggregation (float sums are not associative)
  cost numeric not null,
  errors bigint not null,
  thumbs_up bigint not null,
  thumbs_down bigint not null,
  durations bigint not null,
  duration_us bigint not null,
  latency_bins smallint[] not null,
  latency_counts bigint[] not null,
  latency_sums bigint[] not null
);
create index rollup_hourly_project_hour_idx on rollup_hourly (project_id, hour);

-- The latency histograms again, per project x hour x type only: most latency charts are unfiltered
-- or filtered by type, and summing these reads a fraction of the histogram bins.
create table rollup_latency_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  type text,
  latency_bins smallint[] not null,
  latency_counts bigint[] not null,
  latency_sums bigint[] not null
);
create index rollup_latency_hourly_project_hour_idx on rollup_latency_hourly (project_id, hour);

-- One row per project x hour x end user with runs: distinct-user counts (active, new) and per-user
-- cost. first_at/last_at make "new user" (a run within 7 days after the user was first seen) exact.
create table rollup_user_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  external_user_id bigint not null,
  runs bigint not null,
  cost numeric not null,
  first_at timestamptz not null,
  last_at timestamptz not null
);
create index rollup_user_hourly_project_hour_idx on rollup_user_hourly (project_id, hour);

-- Hours whose rollups may be stale. No foreign key: rows are written while a project's runs are
-- being cascade-deleted, and the worker then simply finds nothing left to aggregate.
create table rollup_dirty (
  id bigint generated always as identity primary key,
  project_id uuid not null,
  hour timestamptz not null
);
create index rollup_dirty_project_hour_idx on rollup_dirty (project_id, hour);

-- Records each touched (project, hour) once. An existing unclaimed row is enough; a row the worker
-- is claiming (locked by its delete) is skipped, so a new one is written and this change is picked
-- up by the next pass. The key-share lock keeps the worker from claiming the row before this
-- transaction commits, so the worker's re-aggregation always sees this change.
create function selene_rollup_mark(project uuid, hours timestamptz[]) returns void
  language plpgsql as $$
declare
  h timestamptz;
begin
  foreach h in array hours loop
    perform 1 from rollup_dirty d where d.project_id = project and d.hour = h
      limit 1 for key share skip locked;
    if not found then
      insert into rollup_dirty (project_id, hour) values (project, h);
    end if;
  end loop;
end $$;

create function selene_rollup_mark_inserted() returns trigger
  language plpgsql as $$
begin
  perform selene_rollup_mark(m.project_id, m.hours)
  from (select project_id, array_agg(distinct selene_hour(created_at) order by selene_hour(created_at)) as hours
        from new_runs where created_at is not null group by project_id) m;
  return null;
end $$;

create function selene_rollup_mark_updated() returns trigger
  language plpgsql as $$
begin
  perform selene_rollup_mark(m.project_id, m.hours)
  from (select project_id, array_agg(distinct selene_hour(created_at) order by selene_hour(created_at)) as hours
        from (select project_id, created_at from old_runs
              union all
              select project_id, created_at from new_runs) changed
        where created_at is not null group by project_id) m;
  return null;
end $$;

create function selene_rollup_mark_deleted() returns trigger
  language plpgsql as $$
begin
  perform selene_rollup_mark(m.project_id, m.hours)
  from (select project_id, array_agg(distinct selene_hour(created_at) order by selene_hour(created_at)) as hours
        from old_runs where created_at is not null group by project_id) m;
  return null;
end $$;

create trigger run_rollup_inserted after insert on run
  referencing new table as new_runs
  for each statement execute function selene_rollup_mark_inserted();
create trigger run_rollup_updated after update on run
  referencing old table as old_runs new table as new_runs
  for each statement execute function selene_rollup_mark_updated();
create trigger run_rollup_deleted after delete on run
  referencing old table as old_runs
  for each statement execute function selene_rollup_mark_deleted();

-- Existing runs (a database upgraded to this version): every hour starts dirty, so reads are raw
-- and correct until the worker has built the rollups.
insert into rollup_dirty (project_id, hour)
select distinct project_id, selene_hour(created_at) from run where created_at is not null;

-- A numeric metric of a custom event: metadata.metrics.<key> (LangWatch-style events) or else
-- metadata.<key> (Lunary thread events); null when absent or not a JSON number.
create function selene_metric(metadata jsonb, key text) returns numeric
  language sql immutable parallel safe
  return case
    when jsonb_typeof(coalesce(metadata -> 'metrics' -> key, metadata -> key)) = 'number'
    then (coalesce(metadata -> 'metrics' -> key, metadata -> key))::text::numeric
  end;
