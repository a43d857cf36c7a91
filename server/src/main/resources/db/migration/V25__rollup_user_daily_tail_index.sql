-- The users routes in a zone whose local midnight falls inside a UTC day need, for each such day, the
-- users with a run after that midnight (last_at >= boundary): a few hundred of the day's thousands of
-- rows. The read index (project_id, day, external_user_id) made every bucket read the whole day to
-- find them (29 x 5 k rows for a month of the 10 M-run bench, ~13 ms a request); this one reads
-- just them. Written by the rollup worker only, with the day rows.
create index rollup_user_daily_tail_idx on rollup_user_daily (project_id, day, last_at)
  include (external_user_id, first_at);
