-- agents/top from a per-root-hour rollup (AgentRollup has the full exactness argument).
--
-- A root's row depends on runs of OTHER hours (its descendants, whatever their date), so the
-- dirty marking of V8 (the hours of the changed runs themselves) is not enough: a change to run x
-- also changes the sums of the root at the top of x's parent chain, and may make x's agent or
-- chain children roots (x becomes a chat exchange) or not. The triggers below mark those roots'
-- hours in rollup_agent_dirty, in the writing transaction, so readers never use a stale row.

-- Per project x UTC hour of the root x root name: the roots created in that hour that are
-- "plain" (no parent, and no root of the same name anywhere in their tree), each summed over
-- itself and every descendant. Plain trees never overlap a tree of another root of the same name,
-- so these sums add up across hours.
create table rollup_agent_hourly (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  name text,
  cost numeric not null,
  prompt_tokens bigint not null,
  completion_tokens bigint not null
);
create index rollup_agent_hourly_read_idx on rollup_agent_hourly (project_id, hour)
  include (name, cost, prompt_tokens, completion_tokens);

-- The other roots of each hour (a chat exchange as parent, or a root of the same name nested in
-- their tree): rare, and walked raw by every read, where overlapping trees are counted once.
create table rollup_agent_special (
  project_id uuid not null references project (id) on delete cascade,
  hour timestamptz not null,
  root_id uuid not null
);
create index rollup_agent_special_read_idx on rollup_agent_special (project_id, hour)
  include (root_id);

-- Hours whose agent rows may be stale for a reason V8's rollup_dirty does not record (a change in
-- another hour). Readers read the hours of both tables raw; the worker rewrites the agent rows of
-- the hours claimed from either.
create table rollup_agent_dirty (
  id bigint generated always as identity primary key,
  project_id uuid not null,
  hour timestamptz not null
);
create index rollup_agent_dirty_project_hour_idx on rollup_agent_dirty (project_id, hour);

-- As selene_rollup_mark (V8), on rollup_agent_dirty: same locking, same reasons.
create function selene_agent_mark(project uuid, hours timestamptz[]) returns void
  language plpgsql as $$
declare
  h timestamptz;
begin
  foreach h in array hours loop
    perform 1 from rollup_agent_dirty d where d.project_id = project and d.hour = h
      limit 1 for key share skip locked;
    if not found then
      insert into rollup_agent_dirty (project_id, hour) values (project, h);
    end if;
  end loop;
end $$;

-- Given the versions (before and after) of the runs a statement changed in a way agents/top can
-- see, marks: the hour of the top of each version's parent chain when it is a root without
-- parent (its tree gained, lost or changed a run), and the hours of the agent and chain children
-- of each version that is a chat exchange (they become or stop being roots). The chain is walked
-- in the state after the statement; a chain that breaks at a run this statement deleted goes on
-- from that run's own version (it is in the arrays too). Hours of the changed runs themselves are
-- left out: V8's triggers have just marked them in rollup_dirty. Cost: one primary-key probe per
-- distinct ancestor of the changed runs (a batch of a few traces: a few probes), plus one probe
-- of the parent index per changed chat exchange.
create function selene_agent_mark_related(
    projects uuid[], ids uuid[], parents uuid[], types text[], hours timestamptz[])
  returns void language plpgsql as $$
begin
  perform selene_agent_mark(m.project_id, m.hours)
  from (
    with recursive changed as (
      select * from unnest(projects, ids, parents, types, hours)
        as c(project_id, id, parent_run_id, type, hour)),
    up (project_id, id, parent_run_id, type, created_at) as (
      select r.* from (select distinct project_id, parent_run_id from changed
                       where parent_run_id is not null) c
      cross join lateral (select r.project_id, r.id, r.parent_run_id, r.type, r.created_at
        from run r where r.project_id = c.project_id and r.id = c.parent_run_id offset 0) r
      union
      select r.* from up u
      cross join lateral (select r.project_id, r.id, r.parent_run_id, r.type, r.created_at
        from run r where r.project_id = u.project_id and r.id = u.parent_run_id offset 0) r
      where u.parent_run_id is not null),
    affected as (
      select project_id, selene_hour(created_at) as hour from up
      where parent_run_id is null and type in ('agent', 'chain') and created_at is not null
      union
      select k.project_id, selene_hour(k.created_at) from changed c
      cross join lateral (select r.project_id, r.created_at from run r
        where r.project_id = c.project_id and r.parent_run_id = c.id
          and r.type in ('agent', 'chain') and r.created_at is not null offset 0) k
      where c.type = 'chat')
    select a.project_id, array_agg(a.hour order by a.hour) as hours from affected a
    where not exists (select 1 from changed c where c.project_id = a.project_id and c.hour = a.hour)
    group by a.project_id) m;
end $$;

create function selene_agent_mark_inserted() returns trigger
  language plpgsql as $$
begin
  perform selene_agent_mark_related(array_agg(project_id), array_agg(id),
    array_agg(parent_run_id), array_agg(type), array_agg(selene_hour(created_at)))
  from new_runs where parent_run_id is not null or type = 'chat'
  having count(*) > 0;
  return null;
end $$;

-- Only the columns agents/top reads: an update of feedback, tags, user or output marks nothing.
create function selene_agent_mark_updated() returns trigger
  language plpgsql as $$
begin
  perform selene_agent_mark_related(array_agg(project_id), array_agg(id),
    array_agg(parent_run_id), array_agg(type), array_agg(selene_hour(created_at)))
  from ((select project_id, id, parent_run_id, type, created_at, name, cost, prompt_tokens,
           completion_tokens from new_runs
         except
         select project_id, id, parent_run_id, type, created_at, name, cost, prompt_tokens,
           completion_tokens from old_runs)
        union all
        (select project_id, id, parent_run_id, type, created_at, name, cost, prompt_tokens,
           completion_tokens from old_runs
         except
         select project_id, id, parent_run_id, type, created_at, name, cost, prompt_tokens,
           completion_tokens from new_runs)) changed
  where parent_run_id is not null or type = 'chat'
  having count(*) > 0;
  return null;
end $$;

create function selene_agent_mark_deleted() returns trigger
  language plpgsql as $$
begin
  perform selene_agent_mark_related(array_agg(project_id), array_agg(id),
    array_agg(parent_run_id), array_agg(type), array_agg(selene_hour(created_at)))
  from old_runs where parent_run_id is not null or type = 'chat'
  having count(*) > 0;
  return null;
end $$;

create trigger run_agent_rollup_inserted after insert on run
  referencing new table as new_runs
  for each statement execute function selene_agent_mark_inserted();
create trigger run_agent_rollup_updated after update on run
  referencing old table as old_runs new table as new_runs
  for each statement execute function selene_agent_mark_updated();
create trigger run_agent_rollup_deleted after delete on run
  referencing old table as old_runs
  for each statement execute function selene_agent_mark_deleted();

-- Existing runs: every hour with an agent or chain run starts dirty, so reads are raw and exact
-- until the worker has built its rows.
insert into rollup_agent_dirty (project_id, hour)
select distinct project_id, selene_hour(created_at) from run
where type in ('agent', 'chain') and created_at is not null;
