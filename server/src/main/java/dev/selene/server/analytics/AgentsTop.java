package dev.selene.server.analytics;

import dev.selene.server.analytics.Rows.Row;
import dev.selene.server.analytics.Scope.Source;
import dev.selene.server.analytics.TopQueries.Agent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * agents/top: agent and chain runs that start a trace (no parent, or a chat exchange as parent),
 * created in the range and matching the filter, each summed with all its descendants (whatever
 * their date), grouped by the root's name.
 *
 * <p>Raw, the descendants are walked one level per step: each step finds the children of the whole
 * previous level with one index scan ({@code parent_run_id = any(<level's ids>)}, which walks the
 * parent index in key order) instead of one index descent per run; the levels carry their runs'
 * ids, root names and measures as arrays. A run is counted once per root name however often it is
 * reached (a root nested under another root of the same name, a corrupt parent cycle), as a
 * recursive UNION of (run, root name) rows would; a cycle is walked at most {@link
 * #MAX_AGENT_DEPTH} levels deep, which repeats runs already counted.
 *
 * <p>Without a filter, the whole hours of the range that are clean for agents (in neither
 * rollup_dirty nor rollup_agent_dirty) are read from {@code rollup_agent_hourly} (the sums of their
 * plain roots, see {@link AgentRollup}) and their other roots listed in {@code
 * rollup_agent_special} are walked raw, together with every root of the dirty hours and of the
 * partial hours at the range's edges. Plain roots' trees overlap no tree of another root of the
 * same name, so the rollup sums and the walk's sums add up to the raw answer (10 M runs, 30 days:
 * 1.5 s raw, ~45 ms this way).
 */
final class AgentsTop {
  /** How many levels below its root agents/top walks: far deeper than any real trace. */
  static final int MAX_AGENT_DEPTH = 1000;

  private static final String ROOT_COLUMNS =
      "r.id, r.parent_run_id, r.name, r.cost, r.prompt_tokens, r.completion_tokens, r.project_id";

  private static final String UNNEST_LEVEL =
      "unnest(l.ids, l.agents, l.costs, l.prompts, l.completions)"
          + " as n(id, agent, cost, prompt_tokens, completion_tokens)";

  private final DataSource db;

  AgentsTop(DataSource db) {
    this.db = db;
  }

  List<Agent> agents(UUID project, Range range, AnalyticsFilter filter, Source source) {
    Instant from = range.firstWholeHour();
    Instant to = range.lastWholeHourEnd();
    boolean rollup =
        source != Source.RAW
            && filter.isEmpty()
            && (from == null || to == null || from.isBefore(to));
    Sql sql = rollup ? fromRollup(project, range, from, to) : raw(project, range, filter);
    List<Agent> out = new ArrayList<>();
    for (Row r : Rows.queryWithoutNestedLoops(db, sql)) {
      out.add(
          new Agent(
              r.text("name"),
              r.number("cost"),
              r.count("p"),
              r.count("c"),
              r.count("p") + r.count("c")));
    }
    return out;
  }

  private static Sql raw(UUID project, Range range, AnalyticsFilter filter) {
    Sql candidates =
        Sql.of("select " + ROOT_COLUMNS + " from run r where r.project_id = ")
            .param(project)
            .add(" and r.type in ('agent', 'chain') and r.created_at is not null")
            .add(Facts.hourBounds("r.created_at", range.start(), range.end()))
            .add(" and ")
            .add(filter.where(List.of(project)));
    return Sql.of("with recursive ")
        .add(walk(project, candidates))
        .add(" select name, cost, p, c from walked order by cost desc, name nulls last");
  }

  /**
   * Roots walked raw: those of the hours dirty for agents (a lateral, not-flattened index range
   * scan per hour) and of the edges, and the special roots of the clean hours (one primary-key
   * probe each). Rollup rows: the clean whole hours.
   */
  private static Sql fromRollup(UUID project, Range range, Instant from, Instant to) {
    Sql candidates =
        Sql.of("select r.* from raw_hours d cross join lateral (select " + ROOT_COLUMNS)
            .add(" from run r where r.project_id = ")
            .param(project)
            .add(" and r.type in ('agent', 'chain') and r.created_at is not null")
            .add(" and r.created_at >= d.hour and r.created_at < d.hour + interval '1 hour'")
            .add(" offset 0) r");
    Sql edges = Facts.edges(range, from, to);
    if (edges != null) {
      candidates
          .add(" union all select " + ROOT_COLUMNS + " from run r where r.project_id = ")
          .param(project)
          .add(" and r.type in ('agent', 'chain') and r.created_at is not null and (")
          .add(edges)
          .add(")");
    }
    candidates
        .add(" union all select r.* from rollup_agent_special s cross join lateral (select ")
        .add(ROOT_COLUMNS)
        .add(" from run r where r.project_id = s.project_id and r.id = s.root_id offset 0) r")
        .add(" where s.project_id = ")
        .param(project)
        .add(Facts.hourBounds("s.hour", from, to))
        .add(" and s.hour <> all(array(select hour from raw_hours))");
    Sql sql =
        Sql.of("with recursive raw_hours as materialized (select hour from rollup_dirty")
            .add(" where project_id = ")
            .param(project)
            .add(Facts.hourBounds("hour", from, to))
            .add(" union select hour from rollup_agent_dirty where project_id = ")
            .param(project)
            .add(Facts.hourBounds("hour", from, to))
            .add("), ")
            .add(walk(project, candidates));
    return sql.add(", rolled as (select r.name, sum(r.cost) as cost,")
        .add(" sum(r.prompt_tokens) as p, sum(r.completion_tokens) as c")
        .add(" from rollup_agent_hourly r where r.project_id = ")
        .param(project)
        .add(Facts.hourBounds("r.hour", from, to))
        .add(" and r.hour <> all(array(select hour from raw_hours)) group by r.name)")
        .add(" select name, sum(cost) as cost, sum(p)::bigint as p, sum(c)::bigint as c")
        .add(" from (select * from walked union all select * from rolled) x")
        .add(" group by name order by cost desc, name nulls last");
  }

  /**
   * CTEs {@code roots} (the candidates that start a trace), {@code levels} (their descendants,
   * level by level) and {@code walked} (name, cost, p, c per root name).
   */
  private static Sql walk(UUID project, Sql candidates) {
    return Sql.of("candidates as (")
        .add(candidates)
        .add("), roots as (select r.id, r.parent_run_id, r.name, r.cost, r.prompt_tokens,")
        .add(" r.completion_tokens from candidates r where r.parent_run_id is null or exists")
        .add(" (select 1 from run p where p.project_id = r.project_id")
        .add(" and p.id = r.parent_run_id and p.type = 'chat')")
        .add("), levels (depth, ids, agents, costs, prompts, completions) as (select 0,")
        .add(" array_agg(id), array_agg(name), array_agg(cost), array_agg(prompt_tokens),")
        .add(" array_agg(completion_tokens) from roots union all select l.depth + 1, x.ids,")
        .add(" x.agents, x.costs, x.prompts, x.completions from levels l cross join lateral")
        .add(" (select array_agg(c.id) as ids, array_agg(p.agent) as agents,")
        .add(" array_agg(c.cost) as costs, array_agg(c.prompt_tokens) as prompts,")
        .add(" array_agg(c.completion_tokens) as completions from run c")
        .add(" join unnest(l.ids, l.agents) as p(id, agent) on p.id = c.parent_run_id")
        .add(" where c.project_id = ")
        .param(project)
        .add(" and c.parent_run_id = any(l.ids) and c.created_at is not null) x")
        .add(" where x.ids is not null and l.depth < " + MAX_AGENT_DEPTH + "),")
        .add(" nested as (select exists (select 1 from roots where parent_run_id is not null)")
        .add(" as found), nodes as (select distinct n.* from levels l cross join lateral ")
        .add(UNNEST_LEVEL)
        .add(" where (select found from nested) union all select n.* from levels l")
        .add(" cross join lateral ")
        .add(UNNEST_LEVEL)
        .add(" where not (select found from nested)),")
        .add(" walked as (select n.agent as name, coalesce(sum(n.cost::numeric), 0) as cost,")
        .add(" coalesce(sum(n.prompt_tokens), 0)::bigint as p,")
        .add(" coalesce(sum(n.completion_tokens), 0)::bigint as c")
        .add(" from nodes n group by n.agent)");
  }
}
