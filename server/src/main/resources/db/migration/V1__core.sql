-- Tenancy: organisations, projects, dashboard accounts and API keys.
create table org (
  id uuid primary key,
  created_at timestamptz not null default now(),
  name text not null,
  plan text not null default 'unlimited'
);

create table project (
  id uuid primary key,
  created_at timestamptz not null default now(),
  name text not null,
  org_id uuid not null references org (id) on delete cascade,
  data_retention_days int
);
create index project_org_idx on project (org_id);

create table account (
  id uuid primary key,
  created_at timestamptz not null default now(),
  email text not null unique,
  password_hash text,
  name text,
  org_id uuid not null references org (id) on delete cascade,
  role text not null,
  verified boolean not null default true,
  last_login_at timestamptz
);

create table account_project (
  account_id uuid not null references account (id) on delete cascade,
  project_id uuid not null references project (id) on delete cascade,
  primary key (account_id, project_id)
);

-- Keys are looked up on every request; the unique index is the lookup path.
create table api_key (
  id bigserial primary key,
  created_at timestamptz not null default now(),
  type text not null check (type in ('public', 'private', 'org_private')),
  api_key text not null unique,
  project_id uuid references project (id) on delete cascade,
  org_id uuid not null references org (id) on delete cascade
);
create unique index api_key_one_org_private on api_key (org_id) where type = 'org_private';

-- End users of the customer's application, identified by the SDK's userId.
create table external_user (
  id bigserial primary key,
  created_at timestamptz not null default now(),
  project_id uuid not null references project (id) on delete cascade,
  external_id text not null,
  last_seen timestamptz,
  props jsonb,
  unique (project_id, external_id)
);

-- One row per run (LLM call, agent, tool, chat exchange, thread, custom event, log...).
-- Events of a run may arrive in any order, so every column except the key may still be unknown:
-- created_at stays null until the start event (or the equivalent) has been seen, and such
-- "pending" rows are hidden from reads.
-- parent_run_id has no foreign key on purpose: a child may arrive before its parent.
create table run (
  project_id uuid not null references project (id) on delete cascade,
  id uuid not null,
  created_at timestamptz,
  ended_at timestamptz,
  duration interval generated always as (ended_at - created_at) stored,
  type text,
  name text,
  status text,
  tags text[],
  input jsonb,
  output jsonb,
  error jsonb,
  params jsonb,
  metadata jsonb,
  feedback jsonb,
  parent_run_id uuid,
  prompt_tokens int,
  completion_tokens int,
  cached_prompt_tokens int not null default 0,
  cost double precision,
  external_user_id bigint references external_user (id) on delete cascade,
  is_public boolean not null default false,
  template_version_id bigint,
  runtime text,
  ingested_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, id)
);
-- Indexes follow the filters users actually use; each one costs ingest throughput.
create index run_project_created_idx on run (project_id, created_at desc) where created_at is not null;
create index run_project_type_created_idx on run (project_id, type, created_at desc) where created_at is not null;
create index run_project_name_created_idx on run (project_id, name, created_at desc) where created_at is not null;
create index run_parent_idx on run (project_id, parent_run_id) where parent_run_id is not null;
create index run_user_idx on run (external_user_id, created_at desc) where external_user_id is not null;
create index run_tags_idx on run using gin (tags) where tags is not null;

-- Thread messages as received; chat runs (one per user->assistant exchange) are derived from them,
-- which makes chat ingestion idempotent and independent of arrival order.
create table chat_message (
  project_id uuid not null references project (id) on delete cascade,
  thread_id uuid not null,
  message_id uuid not null,
  role text not null,
  created_at timestamptz not null,
  message jsonb not null,
  feedback jsonb,
  external_user_id bigint references external_user (id) on delete cascade,
  -- The chat run this message belongs to: the id of the exchange's latest message, as in Lunary,
  -- where each reply re-keys the exchange so that feedback on the reply id lands on it.
  exchange_id uuid,
  primary key (project_id, thread_id, message_id, role)
);
create index chat_message_id_idx on chat_message (project_id, message_id);

create table run_score (
  project_id uuid not null references project (id) on delete cascade,
  run_id uuid not null,
  label text not null,
  value jsonb not null,
  comment text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, run_id, label)
);

-- Status only moves forward: started < success < error, whatever order events arrive in.
create function selene_status_rank(status text) returns int
  language sql immutable parallel safe
  return case status when 'started' then 1 when 'success' then 2 when 'error' then 3 else 0 end;

-- Union of two tag arrays, first occurrence order kept, null when both are null.
create function selene_merge_tags(a text[], b text[]) returns text[]
  language sql immutable parallel safe
  return case
    when a is null then b
    when b is null then a
    else (select array_agg(t order by first_pos)
          from (select t, min(pos) as first_pos
                from unnest(a || b) with ordinality as u(t, pos)
                group by t) dedup)
  end;
