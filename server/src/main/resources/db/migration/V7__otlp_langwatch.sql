-- OTLP and LangWatch ingestion (issue 3).

-- Root runs of OTLP and LangWatch traces, found by their trace id (kept in metadata.otel.traceId)
-- when a LangWatch event names the trace it belongs to. Only roots of such traces are indexed.
create index run_otel_trace_root_idx on run (project_id, (metadata #>> '{otel,traceId}'))
  where parent_run_id is null and (metadata -> 'otel') is not null;

-- LangWatch events that arrived before their trace: they are attached to the trace's root run
-- as soon as it is stored, then removed from here.
create table langwatch_pending_event (
  project_id uuid not null references project (id) on delete cascade,
  run_id uuid not null,
  trace_id text not null,
  event_time timestamptz not null,
  feedback jsonb,
  created_at timestamptz not null default now(),
  primary key (project_id, run_id)
);
create index langwatch_pending_event_trace_idx on langwatch_pending_event (project_id, trace_id);
