package dev.selene.server.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Rewrites the agents/top rollup (V24) of claimed (project, hour) pairs: for the roots created in
 * that hour (agent and chain runs without parent, or with a chat exchange as parent), the plain
 * ones summed per root name over their whole tree into {@code rollup_agent_hourly}; the others
 * listed in {@code rollup_agent_special}, to be walked raw by every read ({@link AgentsTop}).
 *
 * <p><b>Plain roots and why their sums add up.</b> A run belongs to the tree of root r when r is on
 * its parent chain (within {@link AgentsTop#MAX_AGENT_DEPTH} levels, every run on the way created).
 * The raw answer for name N sums every run in the union of the trees of the N roots in the range.
 * Each run has one parent, so two trees share a run only when one root is in the other's tree. A
 * plain root has no parent (so it is in no other tree, and no parent cycle reaches its tree) and no
 * root named as itself in its tree: its tree shares no run with the tree of any other root of its
 * name. The union is then the disjoint union of the plain trees and of the union of the other
 * (special) roots' trees, which the read walks raw with its own deduplication.
 *
 * <p><b>Why a clean hour's rows are current.</b> The rows of hour h, written at the worker's pass
 * P, depend on: which runs of h are roots, their names, plainness, and the trees of its roots with
 * their measures. A change committed after P's claim (the claim is the pass's first statement; see
 * {@link RollupRefresh} for the locking that makes "after" exact) can only alter them through the
 * changed run x (insert, update of created_at, parent_run_id, type, name, cost or tokens, delete):
 *
 * <ol>
 *   <li>x is a root of h (or was, or becomes one: an agent/chain created in h): its own hour is
 *       marked in rollup_dirty by V8's triggers, for the version before and after the change.
 *   <li>x is (or was) in the tree of a plain root s, or is a run whose change can make s special (x
 *       becomes a same-named root under s): s is at the top of x's parent chain, before or after
 *       the change. V24's trigger walks up from the parent of both versions of x, in the state
 *       after the statement, and marks the hour of the top when it is an agent or chain without
 *       parent. If the old chain was cut in the same statement (a subtree deleted at once, a user's
 *       runs deleted from inside other users' trees, a parent changed), the walk from the old
 *       parent follows the new links only up to the first run the statement changed or deleted;
 *       that run is itself a changed run whose own old parent is walked too, so by induction along
 *       the old chain its top is reached (or the top itself changed: case 1). The same argument on
 *       the new chain covers links that appear: a child stored before its parent is joined to the
 *       tree when the parent arrives, and the parent's walk reaches the top.
 *   <li>x's change makes its agent/chain children roots or not (x becomes or stops being a chat
 *       exchange, x arrives late as their chat parent, x is deleted): the trigger marks the hours
 *       of x's agent and chain children, found through the parent index.
 * </ol>
 *
 * Any other column (feedback, tags, user, output...) is not read by agents/top, and the update
 * trigger ignores rows where none of the read columns changed. A parent cycle is walked once per
 * run (the recursive walk keeps distinct rows). The trigger leaves out the hours V8 just marked
 * (those of the changed runs themselves); readers read the hours of both tables raw and the worker
 * rewrites the agent rows of the hours claimed from either. The trigger's cost is one primary-key
 * probe per distinct ancestor of the runs a statement changed (plus one parent-index probe per
 * changed chat exchange), and the worker's is one walk of the trees of each dirty hour's roots.
 */
final class AgentRollup {
  private AgentRollup() {}

  static final String CLEAR =
      """
      delete from %s t using unnest(?::uuid[], ?::timestamptz[]) as c(project_id, hour)
      where t.project_id = c.project_id and t.hour = c.hour
      """;

  /**
   * One statement: each hour's roots (a lateral, not-flattened index-only range scan per hour),
   * then the trees of the roots without parent, one index probe of the parent index per run (a few
   * hundred roots per hour). A root is special when a run of its tree below it is an agent or chain
   * with a chat exchange as parent and the root's name: a root of the same name nested in its tree.
   */
  static final String WRITE =
      """
      with recursive roots as materialized (
        select r.project_id, c.hour, r.id, r.name, r.parent_run_id, r.cost, r.prompt_tokens,
          r.completion_tokens
        from (select distinct * from unnest(?::uuid[], ?::timestamptz[])) as c(project_id, hour)
        cross join lateral (select * from run r where r.project_id = c.project_id
          and r.created_at >= c.hour and r.created_at < c.hour + interval '1 hour'
          and r.type in ('agent', 'chain') and r.created_at is not null offset 0) r
        where r.parent_run_id is null or exists (select 1 from run p
          where p.project_id = r.project_id and p.id = r.parent_run_id and p.type = 'chat')),
      tree (project_id, hour, root_id, root_name, id, type, depth, nested, cost, prompt_tokens,
          completion_tokens) as (
        select project_id, hour, id, name, id, 'agent', 0, false, cost, prompt_tokens,
          completion_tokens
        from roots where parent_run_id is null
        union all
        select t.project_id, t.hour, t.root_id, t.root_name, c.id, c.type, t.depth + 1,
          t.type = 'chat' and c.type in ('agent', 'chain')
            and c.name is not distinct from t.root_name,
          c.cost, c.prompt_tokens, c.completion_tokens
        from tree t cross join lateral (select c.id, c.type, c.name, c.cost, c.prompt_tokens,
          c.completion_tokens from run c where c.project_id = t.project_id
          and c.parent_run_id = t.id and c.created_at is not null offset 0) c
        where t.depth < %d),
      per_root as materialized (
        select project_id, hour, root_id, root_name, bool_or(nested) as special,
          coalesce(sum(cost::numeric), 0) as cost,
          coalesce(sum(prompt_tokens), 0) as prompt_tokens,
          coalesce(sum(completion_tokens), 0) as completion_tokens
        from tree group by 1, 2, 3, 4),
      special as (
        insert into rollup_agent_special (project_id, hour, root_id)
        select project_id, hour, root_id from per_root where special
        union all
        select project_id, hour, id from roots where parent_run_id is not null)
      insert into rollup_agent_hourly (project_id, hour, name, cost, prompt_tokens,
        completion_tokens)
      select project_id, hour, root_name, sum(cost), sum(prompt_tokens), sum(completion_tokens)
      from per_root where not special group by 1, 2, 3
      """
          .formatted(AgentsTop.MAX_AGENT_DEPTH);

  /** Rewrites the agent rows of the (project, hour) pairs (duplicates allowed). */
  static void rewrite(Connection c, Array projects, Array hours) throws SQLException {
    execute(c, CLEAR.formatted("rollup_agent_hourly"), projects, hours);
    execute(c, CLEAR.formatted("rollup_agent_special"), projects, hours);
    execute(c, WRITE, projects, hours);
  }

  private static void execute(Connection c, String sql, Array projects, Array hours)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, projects);
      ps.setArray(2, hours);
      ps.executeUpdate();
    }
  }
}
