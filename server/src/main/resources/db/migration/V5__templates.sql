-- Prompt templates and their versions.
-- A template is a slug + mode in a project; its versions are numbered 1, 2, 3... per template.
-- The version id (not the number) is what SDKs send back on ingest as templateId, and what
-- run.template_version_id holds (no foreign key: runs may name a version that was deleted, and
-- identity values are never reused, so a dangling id can never point at another version).
create table template (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  project_id uuid not null references project (id) on delete cascade,
  slug text not null,
  mode text not null check (mode in ('text', 'openai')),
  -- the dashboard account that created it; null when created with an API key
  owner_id uuid,
  created_by_kind text not null,
  unique (project_id, slug)
);

create table template_version (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  template_id bigint not null references template (id) on delete cascade,
  version int not null,
  content jsonb not null,
  -- model parameters, top-level keys always snake_case
  extra jsonb not null default '{}',
  test_values jsonb,
  notes text,
  is_draft boolean not null,
  -- set when the version becomes published; the served ("latest") version is the most recently
  -- published one, so publishing an older draft makes it live
  published_at timestamptz,
  -- who made and who published it: the credential kind, and the account when it was a session
  created_by_kind text not null,
  created_by_account uuid,
  published_by_kind text,
  published_by_account uuid,
  unique (template_id, version),
  check (is_draft = (published_at is null))
);
-- The SDK hot path: latest published version of one template.
create index template_version_published_idx
  on template_version (template_id, published_at desc, id desc) where not is_draft;

-- Per-version usage totals are computed from the runs that name the version.
create index run_template_version_idx
  on run (project_id, template_version_id) where template_version_id is not null;
