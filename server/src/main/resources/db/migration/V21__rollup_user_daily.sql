-- End-user analytics at scale (bench/README.md, "Analytics reads"): the users routes counted distinct
-- users per local day from every per-user hourly rollup row of the range (at 10 M runs, largest
-- project, 30 days: 279 k rows for 40 k users), sorting and hashing them all. Two more rollups,
-- both written by the rollup worker only (ingestion does not pay for them):

-- The UTC day a run belongs to, independent of the session's TimeZone setting.
create function selene_day(ts timestamptz) returns timestamptz
  language sql immutable parallel safe
  return date_bin('24 hours', ts, timestamptz '2000-01-01 00:00:00+00');

-- One row per project x UTC day x end user with runs: the first and last run of the user that day.
-- A UTC day holding at most one local bucket boundary B is attributed exactly from its row: the
-- user has runs before B iff first_at < B, at or after B iff last_at >= B (UserDays). 157 k rows
-- instead of 279 k in the case above, and the rows of one day are the distinct users of that day,
-- so most buckets are counted without a sort or hash. Nothing else: the worker rebuilds these rows
-- from the hourly ones' index alone (no run count, which would read their heap pages).
create table rollup_user_daily (
  project_id uuid not null references project (id) on delete cascade,
  day timestamptz not null,
  external_user_id bigint not null,
  first_at timestamptz not null,
  last_at timestamptz not null
);

-- The cost of the runs that have an end user, per project and UTC hour: the numerator of the
-- average cost per user. Summed per bucket like any hourly rollup (split hours read raw), where
-- the per-user rows could only give it by summing 279 k numerics.
create table rollup_user_cost_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  cost numeric not null
);

-- Existing rollups: both derived from the per-user hourly rows, which is what the worker does too
-- (an hour still dirty is read raw whatever these hold, and rewritten by the worker with its day).
insert into rollup_user_daily (project_id, day, external_user_id, first_at, last_at)
select project_id, selene_day(hour), external_user_id, min(first_at), max(last_at)
from rollup_user_hourly group by 1, 2, 3;

insert into rollup_user_cost_hourly (project_id, hour, cost)
select project_id, hour, sum(cost) from rollup_user_hourly group by 1, 2;

-- Index-only reads: one day's users in user id order (also the key the worker's and the readers'
-- point lookups use), and the range's hourly costs.
create unique index rollup_user_daily_read_idx on rollup_user_daily (project_id, day, external_user_id)
  include (first_at, last_at);
create index rollup_user_cost_hourly_read_idx on rollup_user_cost_hourly (project_id, hour)
  include (cost);
