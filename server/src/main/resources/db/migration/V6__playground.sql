-- Custom HTTP endpoints the playground can run a prompt against (a RAG service, an agent...).
-- auth is null or {type: bearer|api_key|basic, ...} with its secret field (token, key, password)
-- encrypted by the server (AES-GCM, see SecretBox); headers and default_payload are kept as sent.
create table playground_endpoint (
  id uuid primary key,
  project_id uuid not null references project (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  name text not null,
  url text not null,
  auth jsonb,
  headers jsonb not null default '{}',
  default_payload jsonb not null default '{}'
);
create index playground_endpoint_project_idx on playground_endpoint (project_id, created_at desc);

-- Per-project LLM provider credentials; they take precedence over the server's environment.
-- api_key is encrypted like endpoint secrets; extra_config holds e.g. {resourceName} for Azure or
-- {baseUrl} for an OpenAI-compatible server.
create table provider_config (
  id uuid primary key,
  project_id uuid not null references project (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  provider_name text not null,
  api_key text,
  extra_config jsonb
);
create index provider_config_project_idx on provider_config (project_id, provider_name);

-- Custom model names served through a provider config (e.g. an Azure deployment name).
create table provider_config_model (
  id uuid primary key,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  provider_config_id uuid not null references provider_config (id) on delete cascade,
  name varchar(100) not null,
  display_name varchar(100),
  unique (provider_config_id, name)
);
