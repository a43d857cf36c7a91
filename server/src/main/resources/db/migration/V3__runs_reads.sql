-- Indexes for runs-API reads that V1's indexes do not serve. Each index costs ingest throughput, so
-- all three are partial: only the rare rows they exist to find are indexed, and a plain successful
-- run without feedback pays for none of them.
--
-- Checked with EXPLAIN ANALYZE on 400k runs per project (2 projects): the default first page
-- (type=llm) and the type, models, users, tags, date and parentRunId filters walk V1's indexes and
-- stop after the page (about 1 ms); search, cost and metadata filters scan the project (no index
-- would pay for itself on ingest).

-- GET /v1/runs/{id}/public looks a run up by id alone (the caller sends no key, so there is no
-- project); the primary key starts with project_id and cannot serve it. Only shared runs are here.
create index run_public_idx on run (id) where is_public;

-- status=error ("show me the failures") is the most common triage filter and errors are a small
-- fraction of runs: walking the time index to find 50 of them reads thousands of rows at scale.
create index run_project_error_created_idx on run (project_id, created_at desc)
  where status = 'error' and created_at is not null;

-- The feedback filter (thumbs down, …) also matches runs through their direct children's feedback
-- (a thread through its exchanges). The filter collects the parents of matching feedback in the
-- project once, from this small index, instead of probing every candidate run's children
-- (measured: first page 15 ms instead of 180 ms at 0.5% feedback).
create index run_feedback_parent_idx on run (project_id, parent_run_id)
  where feedback is not null and parent_run_id is not null;
