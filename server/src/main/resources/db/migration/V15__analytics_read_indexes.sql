-- Indexes found missing by the analytics read benchmark (bench/README.md, "Analytics reads").
--
-- templates/top ranks a project's templates by the runs made from them in a date range. V5's index
-- (project_id, template_version_id) finds every run of a version over all time, then reads each
-- run's row to check its date: at 1 M runs, 15 versions x ~1,900 rows fetched to keep ~650 each
-- (180 ms, growing with the project's history, not with the range). With the date in the key the
-- range is an index range per version, and with the summed measures included it is an index-only
-- scan. It replaces V5's index (same leading columns, so it serves the per-version usage totals
-- too), so ingestion keeps one index for templated runs, not two.
create index run_template_version_created_idx
  on run (project_id, template_version_id, created_at)
  include (prompt_tokens, completion_tokens, cost)
  where template_version_id is not null;
drop index run_template_version_idx;
