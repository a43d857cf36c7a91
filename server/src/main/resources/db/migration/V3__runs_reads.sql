-- Indexes for reads of the runs API that V1's indexes do not serve. Each index costs ingest
-- throughput, so both are partial: only the rare rows they find are indexed.

-- GET /v1/runs/{id}/public looks a run up by id alone (the caller has no key, so no project);
-- the primary key starts with project_id and cannot serve it. Only shared runs are indexed.
create index run_public_idx on run (id) where is_public;

-- "Show me the errors" (status=error, newest first) is the most common triage filter, and errors
-- are a small fraction of runs: walking the type or time index to find 50 of them reads thousands
-- of rows at scale. Only failed runs are indexed, so successful ingests pay nothing.
create index run_project_error_created_idx on run (project_id, created_at desc)
  where status = 'error' and created_at is not null;
