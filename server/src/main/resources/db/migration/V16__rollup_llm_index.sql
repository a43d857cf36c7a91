-- LLM rows of the hourly rollup, with what the LLM-only questions read: the models lists
-- (models/top, org/models/top: name, tokens, cost) and the latency route's stat (mean LLM duration).
-- They used to read every rollup row of the range (all types, names and statuses: ~60 per project
-- and hour) from the heap and drop the non-LLM ones; this partial index holds only the LLM rows,
-- so those questions are index-only scans of about a third of the rows.
--
-- Measured with the analytics read benchmark at 10 M runs (bench/README.md, "Analytics reads"),
-- largest project, 30 days: models/top 32 -> 14 ms, org/models/top (20 projects) 180 -> 80 ms,
-- latency (histogram + stat) 340 -> 200 ms. Only the rollup worker writes these rows (about 25 per
-- project and hour), so ingestion does not pay for it.
create index rollup_hourly_llm_idx on rollup_hourly (project_id, hour)
  include (name, prompt_tokens, completion_tokens, cost, durations, duration_us)
  where type = 'llm';
