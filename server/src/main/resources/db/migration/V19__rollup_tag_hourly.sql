-- Runs pre-aggregated per project, UTC hour and tag: a run counts once under each of its tags.
--
-- Two questions read every run of their range raw without it: runs per tag (run-types with
-- firstDimension=tags) and any series filtered by one tag (tokens?tags=beta...). A run with tag X
-- is in exactly one row of (tag = X) per hour, so a single-tag filter sums these rows exactly;
-- several tags ("any of") would count a run once per matching tag and stay raw.
--
-- Dimensions: type, name and status, as rollup_hourly, so the same filters (type, models, status,
-- custom-events) and the same series (tokens and costs per name, errors, runs...) are answered
-- from it; the measures are rollup_hourly's without the latency histograms (tag-filtered latency
-- percentiles stay raw: the histograms would double the table for one chart).
--
-- Row counts measured on the 10 M-run benchmark dataset (bench/README.md, "Analytics reads"),
-- largest project, one week (168 hours, ~760 (run, tag) pairs per hour): 175 rows per project-hour
-- with tag x type x name x status (rollup_hourly: 52), 140 without status, 48 with tag x type, 10
-- with tag only. Status costs 25% more rows and keeps status filters off the raw path; name is
-- what the tokens and costs series group by, so it stays too.
--
-- At 10 M runs (20 projects, 90 days): 2.8 M rows, 694 MB with both indexes (rollup_hourly: 1.3 M
-- rows, 470 MB); rebuilding every rollup from scratch took 330-344 s on a loaded 2-core machine.
-- Analytics read benchmark, largest project, 30 days, p50/p95: run-types by tags 2,035/2,293 ->
-- 95/131 ms; tokens?tags=beta 786/1,020 -> 174/223 ms (40-80 ms on a quieter machine; the same
-- question with tags=beta,rag, still raw: 1,045/1,207 ms in that run).
--
-- Maintained by the rollup worker (RollupRefresh) in the same transaction as the other rollups,
-- from the same dirty hours: V8's statement triggers mark an hour dirty whenever a run of it is
-- inserted, updated (tags merged by a later event included) or deleted.
create table rollup_tag_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  tag text not null,
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
-- Runs per tag: an index-only scan of the range, whatever the tag.
create index rollup_tag_hourly_project_hour_idx on rollup_tag_hourly (project_id, hour)
  include (tag, runs);
-- A single-tag filter: only that tag's rows of the range.
create index rollup_tag_hourly_project_tag_hour_idx on rollup_tag_hourly (project_id, tag, hour);

-- Existing runs: their hours are already dirty (V8) or in rollup_hourly; mark the tagged ones dirty
-- again so the worker builds this table, reads staying raw (and exact) for them meanwhile.
insert into rollup_dirty (project_id, hour)
select distinct project_id, selene_hour(created_at) from run
where created_at is not null and cardinality(tags) > 0;
