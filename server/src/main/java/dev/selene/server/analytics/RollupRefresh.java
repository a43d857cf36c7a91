package dev.selene.server.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One pass of rollup maintenance: claim dirty hours, re-aggregate them from the run table into
 * every rollup table (hourly, latency per type and for all types, user, user cost, tag, tag set,
 * custom event), rebuild the per-user day rows of their users from the per-user hourly rows, and
 * commit, all in one transaction. The agents rollup ({@link AgentRollup}) is rewritten for the
 * hours claimed from rollup_dirty and from its own rollup_agent_dirty.
 *
 * <p>Why this is exact: the claim deletes the dirty rows it saw, and the re-aggregation statements
 * run after it (read committed: each statement sees everything committed before it started), so
 * every change whose dirty row was claimed is included. A change committed later left its own dirty
 * row, which stays until a later pass; readers treat those hours as raw meanwhile. Passes never
 * overlap: each holds a transaction-level advisory lock.
 */
final class RollupRefresh {
  /** Advisory lock serialising rollup rewrites across all Selene processes sharing a database. */
  static final long LOCK_KEY = 0x5E1E_4E00_0001L;

  /** Dirty rows claimed per pass, bounding the transaction after a bulk load. */
  static final int MAX_CLAIMED = 2_000;

  private static final String CLAIM =
      """
      with claimed as (
        delete from %1$s where id in (
          select id from %1$s
          where (%2$s) and (project_id = ? or ?::uuid is null)
          order by id limit ?)
        returning project_id, hour)
      select project_id::text as project_id, hour, count(*) as claimed_rows from claimed
      group by project_id, hour
      """;

  private static final String CLEAR =
      """
      delete from %s t using unnest(?::uuid[], ?::timestamptz[]) as c(project_id, hour)
      where t.project_id = c.project_id and t.hour = c.hour
      """;

  /**
   * Re-aggregates the claimed hours into the rollup tables in one statement, reading each hour's
   * runs once (a lateral, not-flattened index range scan per hour: the planner cannot turn it into
   * a join that walks every run of the project). Measures are summed per latency bin first, then
   * per rollup row, where the bins become the histogram arrays. The tag-set rollup groups tagged
   * runs by their sorted distinct tags; the per-tag rollup is summed from its rows (a set row
   * counts under each of its tags), which costs less than from the runs again. Custom events are
   * counted once without a metric and once per numeric metric of their metadata; only their
   * metadata is carried along.
   */
  private static final String WRITE =
      """
      with runs as materialized (
        select r.project_id, c.hour, r.type, r.name, r.status, r.prompt_tokens,
          r.completion_tokens, r.cost, r.error, r.feedback, r.duration, r.external_user_id,
          r.created_at, r.tags,
          case when r.type = 'custom-event' then r.metadata end as metadata
        from unnest(?::uuid[], ?::timestamptz[]) as c(project_id, hour)
        cross join lateral (select * from run r where r.project_id = c.project_id
          and r.created_at >= c.hour and r.created_at < c.hour + interval '1 hour' offset 0) r),
      per_bin as (
        select project_id, hour, type, name, status, selene_latency_bin(duration) as bin,
          count(*) as n,
          coalesce(sum(prompt_tokens), 0) as prompt_tokens,
          coalesce(sum(completion_tokens), 0) as completion_tokens,
          coalesce(sum(cost::numeric), 0) as cost,
          count(*) filter (where error is not null) as errors,
          count(*) filter (where feedback ->> 'thumb' = 'up') as thumbs_up,
          count(*) filter (where feedback ->> 'thumb' = 'down') as thumbs_down,
          count(duration) as durations,
          coalesce(sum(selene_duration_us(duration)), 0) as us
        from runs group by 1, 2, 3, 4, 5, 6),
      hourly as (
        insert into rollup_hourly (project_id, hour, type, name, status, runs, prompt_tokens,
          completion_tokens, cost, errors, thumbs_up, thumbs_down, durations, duration_us,
          latency_bins, latency_counts, latency_sums)
        select project_id, hour, type, name, status, sum(n), sum(prompt_tokens),
          sum(completion_tokens), sum(cost), sum(errors), sum(thumbs_up), sum(thumbs_down),
          sum(durations), sum(us),
          coalesce(array_agg(bin order by bin) filter (where bin is not null), '{}'),
          coalesce(array_agg(n order by bin) filter (where bin is not null), '{}'),
          coalesce(array_agg(us order by bin) filter (where bin is not null), '{}')
        from per_bin group by 1, 2, 3, 4, 5),
      per_type_bin as (
        select project_id, hour, type, bin, sum(n) as n, sum(us) as us
        from per_bin where bin is not null group by 1, 2, 3, 4),
      latency as (
        insert into rollup_latency_hourly (project_id, hour, type, latency_bins, latency_counts,
          latency_sums)
        select project_id, hour, type, array_agg(bin order by bin), array_agg(n order by bin),
          array_agg(us order by bin)
        from per_type_bin group by 1, 2, 3),
      latency_all as (
        insert into rollup_latency_all_hourly (project_id, hour, latency_bins, latency_counts,
          latency_sums)
        select project_id, hour, array_agg(bin order by bin), array_agg(n order by bin),
          array_agg(us order by bin)
        from (select project_id, hour, bin, sum(n) as n, sum(us) as us from per_type_bin
              group by 1, 2, 3) bins
        group by 1, 2),
      tag_sets as (
        insert into rollup_tag_set_hourly (project_id, hour, tags, type, name, status, runs,
          prompt_tokens, completion_tokens, cost, errors, thumbs_up, thumbs_down, durations,
          duration_us)
        select project_id, hour, s.tags, type, name, status, count(*),
          coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
          coalesce(sum(cost::numeric), 0),
          count(*) filter (where error is not null),
          count(*) filter (where feedback ->> 'thumb' = 'up'),
          count(*) filter (where feedback ->> 'thumb' = 'down'),
          count(duration), coalesce(sum(selene_duration_us(duration)), 0)
        from runs cross join lateral (%s) s
        where cardinality(runs.tags) > 0 and s.tags is not null
        group by 1, 2, 3, 4, 5, 6
        -- one (project, hour)'s rows on adjacent pages, as a tag-set read takes them
        order by project_id, hour, s.tags
        returning *),
      tagged as (
        insert into rollup_tag_hourly (project_id, hour, tag, type, name, status, runs,
          prompt_tokens, completion_tokens, cost, errors, thumbs_up, thumbs_down, durations,
          duration_us)
        select project_id, hour, t.tag, type, name, status, sum(runs), sum(prompt_tokens),
          sum(completion_tokens), sum(cost), sum(errors), sum(thumbs_up), sum(thumbs_down),
          sum(durations), sum(duration_us)
        from tag_sets cross join lateral unnest(tag_sets.tags) as t(tag)
        group by 1, 2, 3, 4, 5, 6
        -- one tag's rows of an hour (of every hour of a bulk pass) on adjacent pages: a one-tag
        -- series then reads a fifth of the pages it reads from rows in hash order
        order by project_id, t.tag, hour),
      custom_events as (
        insert into rollup_custom_event_hourly (project_id, hour, name, status, metric, runs,
          metric_sum)
        select project_id, hour, name, status, m.metric, count(*), sum(m.value)
        from runs cross join lateral selene_event_metrics(runs.metadata) m
        where type = 'custom-event'
        group by 1, 2, 3, 4, 5),
      user_costs as (
        insert into rollup_user_cost_hourly (project_id, hour, cost)
        select project_id, hour, coalesce(sum(cost::numeric), 0)
        from runs where external_user_id is not null group by 1, 2)
      insert into rollup_user_hourly (project_id, hour, external_user_id, runs, cost, first_at,
        last_at)
      select project_id, hour, external_user_id, count(*), coalesce(sum(cost::numeric), 0),
        min(created_at), max(created_at)
      from runs where external_user_id is not null group by 1, 2, 3
      """
          .formatted(RunFacts.tagSet("runs.tags"));

  /**
   * Clears the claimed hours' per-user rows, and the day rows of every user who had one of them:
   * those days are rebuilt below ({@link #DAYS_OF_NEW_USERS}, {@link #MISSING_DAYS}).
   */
  private static final String CLEAR_USERS =
      """
      with gone as (
        delete from rollup_user_hourly t using unnest(?::uuid[], ?::timestamptz[]) as c(project_id, hour)
        where t.project_id = c.project_id and t.hour = c.hour
        returning t.project_id, selene_day(t.hour) as day, t.external_user_id)
      delete from rollup_user_daily d using (select distinct project_id, day, external_user_id from gone) g
      where d.project_id = g.project_id and d.day = g.day and d.external_user_id = g.external_user_id
      """;

  /** After the write: the day rows of users who have a rewritten hour (they may be stale). */
  private static final String DAYS_OF_NEW_USERS =
      """
      delete from rollup_user_daily d using (
        select distinct t.project_id, selene_day(t.hour) as day, t.external_user_id
        from rollup_user_hourly t join unnest(?::uuid[], ?::timestamptz[]) as c(project_id, hour)
          on t.project_id = c.project_id and t.hour = c.hour) n
      where d.project_id = n.project_id and d.day = n.day and d.external_user_id = n.external_user_id
      """;

  /**
   * Then the day rows the claimed days lack, from their hourly rows: exactly the users deleted
   * above who still have runs that day (the other users' hours did not change, nor their rows). A
   * day row is thus always the aggregate of its user's hourly rows of that day, and the writes are
   * proportional to the users of the changed hours; finding them reads the changed days' hourly
   * rows once (an index-only range per day: at 10 M runs, ~9 k rows and as many lookups for the
   * largest project, ~40 ms).
   */
  private static final String MISSING_DAYS =
      """
      insert into rollup_user_daily (project_id, day, external_user_id, first_at, last_at)
      select h.project_id, d.day, h.external_user_id, min(h.first_at), max(h.last_at)
      from (select distinct c.project_id, selene_day(c.hour) as day
            from unnest(?::uuid[], ?::timestamptz[]) as c(project_id, hour)) d
      join rollup_user_hourly h on h.project_id = d.project_id and h.hour >= d.day
        and h.hour < d.day + interval '24 hours'
      where not exists (select 1 from rollup_user_daily t where t.project_id = h.project_id
        and t.day = d.day and t.external_user_id = h.external_user_id)
      group by 1, 2, 3
      """;

  private final DataSource db;

  RollupRefresh(DataSource db) {
    this.db = db;
  }

  /**
   * One pass if no other pass is running anywhere (returns -1 then). {@code includeOpenHours}: also
   * re-aggregate the current (still filling) hour and future ones.
   *
   * @return the number of dirty rows claimed (of the dirty table with most), or -1 when another
   *     pass held the lock
   */
  int tryPass(boolean includeOpenHours) throws SQLException {
    return pass(includeOpenHours, null, false);
  }

  /**
   * Waits for any running pass, then re-aggregates every dirty hour (of {@code project}, or all
   * when null), looping until none is left that was dirty when this call started.
   */
  void catchUp(UUID project) throws SQLException {
    while (pass(true, project, true) == MAX_CLAIMED) {
      // a bulk load leaves more than one pass's worth
    }
  }

  private int pass(boolean includeOpenHours, UUID project, boolean wait) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!lock(c, wait)) {
          c.rollback();
          return -1;
        }
        List<UUID> projects = new ArrayList<>();
        List<OffsetDateTime> hours = new ArrayList<>();
        int claimed = claim(c, "rollup_dirty", includeOpenHours, project, projects, hours);
        // agent rows depend on other hours too: also rewritten for hours only their triggers marked
        List<UUID> agentProjects = new ArrayList<>(projects);
        List<OffsetDateTime> agentHours = new ArrayList<>(hours);
        int agentClaimed =
            claim(c, "rollup_agent_dirty", includeOpenHours, project, agentProjects, agentHours);
        if (!agentProjects.isEmpty()) {
          AgentRollup.rewrite(
              c,
              c.createArrayOf("uuid", agentProjects.toArray()),
              c.createArrayOf("timestamptz", agentHours.toArray()));
        }
        if (!projects.isEmpty()) {
          Array p = c.createArrayOf("uuid", projects.toArray());
          Array h = c.createArrayOf("timestamptz", hours.toArray());
          execute(c, CLEAR.formatted("rollup_hourly"), p, h);
          execute(c, CLEAR_USERS, p, h);
          execute(c, CLEAR.formatted("rollup_user_cost_hourly"), p, h);
          execute(c, CLEAR.formatted("rollup_latency_hourly"), p, h);
          execute(c, CLEAR.formatted("rollup_latency_all_hourly"), p, h);
          execute(c, CLEAR.formatted("rollup_tag_hourly"), p, h);
          execute(c, CLEAR.formatted("rollup_tag_set_hourly"), p, h);
          execute(c, CLEAR.formatted("rollup_custom_event_hourly"), p, h);
          execute(c, WRITE, p, h);
          execute(c, DAYS_OF_NEW_USERS, p, h);
          execute(c, MISSING_DAYS, p, h);
        }
        c.commit();
        return Math.max(claimed, agentClaimed);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static boolean lock(Connection c, boolean wait) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                wait
                    ? "select pg_advisory_xact_lock(" + LOCK_KEY + ") is not null"
                    : "select pg_try_advisory_xact_lock(" + LOCK_KEY + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static int claim(
      Connection c,
      String table,
      boolean includeOpenHours,
      UUID project,
      List<UUID> projects,
      List<OffsetDateTime> hours)
      throws SQLException {
    String which = includeOpenHours ? "true" : "hour < selene_hour(now())";
    try (PreparedStatement ps = c.prepareStatement(CLAIM.formatted(table, which))) {
      ps.setObject(1, project);
      ps.setObject(2, project);
      ps.setInt(3, MAX_CLAIMED);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          projects.add(UUID.fromString(rs.getString(1)));
          hours.add(rs.getObject(2, OffsetDateTime.class));
          rows += rs.getInt(3);
        }
      }
      return rows;
    }
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
