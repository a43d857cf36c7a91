-- Tagged runs pre-aggregated per project, UTC hour and tag set: what the filters on tags that V19's
-- per-tag rollup cannot answer read (any of several tags, all of several, OR-combined tags, with
-- type, model, status and custom-event checks; and runs per tag under such a filter).
--
-- Why: a row of rollup_tag_hourly (one per tag) does not know the run's other tags, so it answers a
-- filter on one tag only; "tags=beta,rag" (any of) would count a run with both tags twice, and was
-- read raw (at 10 M runs, largest project, 30 days: p50 1.0 s, p95 1.4 s). Here every tagged run
-- is in exactly one row per hour, that of its set of distinct non-null tags (sorted, so a set has
-- one spelling), with the dimensions and measures of rollup_tag_hourly. A filter made of tags,
-- type, models, status and custom-events checks is evaluated on the rows unchanged:
-- `tags && array[...]` holds for a row exactly when it holds for each of its runs.
--
-- EXPLAIN ANALYZE of the whole question (rollups + raw edge hours) on the 10 M-run benchmark
-- dataset (bench/README.md, "Analytics reads"), largest project, 30 days, daily buckets, medians:
-- tokens?tags=beta,rag 1,362 -> 98 ms; tags=beta&tags=rag (all of) 196 -> 64 ms; OR&tags=beta&
-- tags=rag 1,288 -> 154 ms; runs per tag under tags=beta,rag 1,342 -> 170 ms.
--
-- It does not replace rollup_tag_hourly: a set row is split by the run's other tags, so a one-tag
-- series reads ~3x the rows (39 k instead of 14 k; 17 -> 88 ms) and runs per tag filtered by type
-- ~2x the rows and unnests them (78 -> 412 ms) (EXPLAIN ANALYZE at 10 M runs, largest project, 30
-- days). The worker now sums rollup_tag_hourly from these rows rather than from the runs again.
--
-- At 10 M runs: 3.0 M rows (rollup_tag_hourly: 2.8 M). Maintained by the rollup worker
-- (RollupRefresh) in the same transaction as the other rollups, from the same dirty hours (V8's
-- statement triggers mark an hour dirty whenever a run of it is inserted, updated, tags merged by
-- a later event included, or deleted). The worker's extra work: re-aggregating 4 days of the 10 M
-- dataset (1,920 project-hours, ~440 k runs) took 8.7 s of backend CPU instead of 7.5 s.
--
-- No foreign key to project, unlike the older rollup tables: its check is a trigger per written
-- row (~4.5 us, as long as the insert itself), and, as V14 notes for run, no route deletes a
-- project.
create table rollup_tag_set_hourly (
  project_id uuid not null,
  hour timestamptz not null,
  -- the run's distinct non-null tags, sorted; never empty (untagged runs are not here)
  tags text[] not null,
  type text,
  name text,
  status text,
  runs bigint not null,
  prompt_tokens bigint not null,
  completion_tokens bigint not null,
  cost numeric not null,
  errors bigint not null,
  thumbs_up bigint not null,
  thumbs_down bigint not null,
  durations bigint not null,
  duration_us bigint not null
);
-- A read takes every tagged row of its range and checks the filter on each (at 10 M runs, 30 days
-- of the largest project: ~200 k rows, 120-150 ms); the worker clears an hour through it.
create index rollup_tag_set_hourly_project_hour_idx on rollup_tag_set_hourly (project_id, hour);

-- Existing runs, aggregated here with the worker's expressions rather than by marking every tagged
-- hour dirty, which would make the worker rewrite every other rollup of those hours and every read
-- raw until it has. An hour dirty now is read raw and rewritten by the worker as usual; the others
-- are exact as written.
insert into rollup_tag_set_hourly (project_id, hour, tags, type, name, status, runs, prompt_tokens,
  completion_tokens, cost, errors, thumbs_up, thumbs_down, durations, duration_us)
select r.project_id, selene_hour(r.created_at), s.tags, r.type, r.name, r.status, count(*),
  coalesce(sum(r.prompt_tokens), 0), coalesce(sum(r.completion_tokens), 0),
  coalesce(sum(r.cost::numeric), 0),
  count(*) filter (where r.error is not null),
  count(*) filter (where r.feedback ->> 'thumb' = 'up'),
  count(*) filter (where r.feedback ->> 'thumb' = 'down'),
  count(r.duration), coalesce(sum(selene_duration_us(r.duration)), 0)
from run r
cross join lateral (select array_agg(distinct u.tag order by u.tag) as tags
                    from unnest(r.tags) as u(tag) where u.tag is not null) s
where r.created_at is not null and cardinality(r.tags) > 0 and s.tags is not null
group by 1, 2, 3, 4, 5, 6
order by 1, 2, 3;
