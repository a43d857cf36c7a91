-- Index-only reads for the end-user series and agents/top, found with EXPLAIN (ANALYZE, BUFFERS)
-- on the 10 M-run benchmark dataset (bench/README.md, "Analytics reads"; largest project, 30 days).

-- users/active, users/new, users/average-cost read (external_user_id, cost, first_at, last_at) of
-- every rollup_user_hourly row of the range (~280 k rows). With V8's (project_id, hour) index that
-- was a bitmap heap scan of ~16 k pages (the rows of one project are spread over pages shared with
-- every other project), most of the query's time. This index holds what those reads need, so they
-- are index-only scans of the project's own leaf pages. Only the rollup worker writes this table,
-- so ingestion does not pay for it; it replaces V8's index (same key, also what the worker's
-- per-hour deletes use).
create index rollup_user_hourly_read_idx on rollup_user_hourly (project_id, hour)
  include (external_user_id, cost, first_at, last_at);
drop index rollup_user_hourly_project_hour_idx;

-- agents/top starts from the agent and chain runs of the range: ~105 k rows read from ~83 k heap
-- pages through the (project_id, type, created_at) index (2.5 s cold). This partial index holds
-- only agent and chain runs (about one run in ten in the benchmark's data) with what the roots
-- part reads, so it is an index-only range scan (~30 ms). Ingestion pays one more index entry for
-- agent and chain runs only.
create index run_agent_roots_idx on run (project_id, created_at)
  include (id, name, parent_run_id, cost, prompt_tokens, completion_tokens)
  where type in ('agent', 'chain') and created_at is not null;

-- agents/top then walks every descendant of those roots through the parent index, one level at a
-- time (TopQueries.agents). V1's index gives the children's ids only, so each of the ~260 k
-- children found was a heap fetch. This index replaces it (same key and predicate, so the runs
-- API and the ingest paths that look up children use it the same way) and includes what the walk
-- sums. The cost, paid by ingestion for every run with a parent: entries are ~2.6x wider (btree
-- deduplication does not apply to indexes with included columns; at 10 M runs 145 MB -> 381 MB),
-- and an update that changes only cost or tokens of such a run (late pricing) can no longer be a
-- HOT update.
create index run_parent_covering_idx on run (project_id, parent_run_id)
  include (id, created_at, cost, prompt_tokens, completion_tokens)
  where parent_run_id is not null;
drop index run_parent_idx;
