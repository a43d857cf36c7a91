package dev.selene.server.users;

import dev.selene.server.runs.filter.SqlFragment;
import dev.selene.server.users.UserViews.UserDetail;
import dev.selene.server.users.UserViews.UserPage;
import dev.selene.server.users.UserViews.UserSummary;
import dev.selene.server.users.UserViews.UserUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads of external users and of what their runs cost. Every query is scoped by project; pending
 * runs (no {@code created_at} yet) never count.
 */
final class UserStore {
  private final DataSource db;

  UserStore(DataSource db) {
    this.db = db;
  }

  UserPage list(UUID project, UserListRequest request) {
    Sql users = new Sql();
    users.append(" from external_user u where u.project_id = ?", project);
    if (request.search() != null) {
      String pattern = "%" + escapeLike(request.search()) + "%";
      users.append(
          " and (u.external_id ilike ? or u.props ->> 'email' ilike ? or u.props ->> 'name' ilike ?)",
          pattern,
          pattern,
          pattern);
    }
    for (UserPropFilter f : request.propFilters()) {
      if (f.matchesNull()) {
        users.append(" and coalesce(u.props -> ?, 'null'::jsonb) = 'null'::jsonb", f.key());
      } else if (f.json() != null) {
        users.append(" and u.props -> ? = ?::jsonb", f.key(), f.json());
      } else {
        users.append(" and u.props ->> ? = ?", f.key(), f.text());
      }
    }

    Sql cost = new Sql();
    cost.append(
        "(select sum(r.cost) from run r where r.project_id = ? and r.external_user_id = u.id"
            + " and r.created_at is not null",
        project);
    DateWindow window = request.window();
    if (window.from() != null) {
      cost.append(" and r.created_at >= ?", Timestamp.from(window.from()));
    }
    if (window.to() != null) {
      cost.append(
          window.toInclusive() ? " and r.created_at <= ?" : " and r.created_at < ?",
          Timestamp.from(window.to()));
    }
    SqlFragment runFilter = request.costRuns().toSql("r", project);
    cost.append(" and " + runFilter.sql(), runFilter.parameters().toArray());
    cost.append(")");

    String direction = request.descending() ? " desc" : " asc";
    Sql page = new Sql();
    page.append("select u.id, u.created_at, u.external_id, u.last_seen, u.props::text as props, ");
    page.append(cost);
    page.append(" as cost");
    page.append(users);
    // PostgreSQL evaluates the cost sub-select after the sort and limit (only for the page's
    // rows) unless the sort is on the cost itself.
    page.append(
        " order by " + request.sortField().sql + direction + " nulls last, u.id" + direction);
    page.append(" limit ? offset ?", request.limit(), request.offset());

    Sql count = new Sql();
    count.append("select count(*)");
    count.append(users);

    try (Connection c = db.getConnection()) {
      List<UserSummary> data = new ArrayList<>();
      try (PreparedStatement ps = page.prepare(c);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          data.add(
              new UserSummary(
                  rs.getLong("id"),
                  Timestamps.read(rs, "created_at"),
                  rs.getString("external_id"),
                  Timestamps.read(rs, "last_seen"),
                  rs.getString("props"),
                  nullableDouble(rs, "cost")));
        }
      }
      long total;
      try (PreparedStatement ps = count.prepare(c);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
      }
      return new UserPage(total, request.page(), request.limit(), data);
    } catch (SQLException e) {
      throw new IllegalStateException("Listing external users failed", e);
    }
  }

  Optional<UserDetail> find(UUID project, long id) {
    String sql =
        """
        select u.id, u.created_at, u.project_id, u.external_id, u.last_seen, u.props::text as props,
               t.run_count, t.cost, t.prompt_tokens, t.completion_tokens,
               t.first_run_at, t.last_run_at
        from external_user u
        cross join lateral (
          select count(*) as run_count,
                 sum(r.cost) as cost,
                 coalesce(sum(r.prompt_tokens), 0) as prompt_tokens,
                 coalesce(sum(r.completion_tokens), 0) as completion_tokens,
                 min(r.created_at) as first_run_at,
                 max(r.created_at) as last_run_at
          from run r
          where r.project_id = u.project_id and r.external_user_id = u.id
            and r.created_at is not null
        ) t
        where u.project_id = ? and u.id = ?
        """;
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long prompt = rs.getLong("prompt_tokens");
        long completion = rs.getLong("completion_tokens");
        return Optional.of(
            new UserDetail(
                rs.getLong("id"),
                Timestamps.read(rs, "created_at"),
                rs.getObject("project_id").toString(),
                rs.getString("external_id"),
                Timestamps.read(rs, "last_seen"),
                rs.getString("props"),
                nullableDouble(rs, "cost"),
                prompt,
                completion,
                prompt + completion,
                rs.getLong("run_count"),
                Timestamps.read(rs, "first_run_at"),
                Timestamps.read(rs, "last_run_at")));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading external user failed", e);
    }
  }

  /** The distinct top-level keys of all users' props in the project, sorted. */
  List<String> propKeys(UUID project) {
    String sql =
        """
        select distinct k.key
        from external_user u
        cross join lateral jsonb_object_keys(
          case when jsonb_typeof(u.props) = 'object' then u.props else '{}'::jsonb end) as k(key)
        where u.project_id = ?
        order by k.key
        """;
    List<String> keys = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new IllegalStateException("Reading user prop keys failed", e);
    }
  }

  /**
   * Tokens, cost and outcomes of the last {@code days} days, per user, run name and type. Agent
   * runs inside another run are left out, as in the reference, so nested agents are not counted
   * twice.
   */
  List<UserUsage> usage(UUID project, int days) {
    String sql =
        """
        select r.external_user_id as user_id, r.name, r.type,
               coalesce(sum(r.completion_tokens), 0) as completion_tokens,
               coalesce(sum(r.prompt_tokens), 0) as prompt_tokens,
               coalesce(sum(r.cost), 0) as cost,
               count(*) filter (where r.status = 'error') as errors,
               count(*) filter (where r.status = 'success') as success
        from run r
        where r.project_id = ?
          and r.created_at >= now() - make_interval(days => ?)
          and (r.type is distinct from 'agent' or r.parent_run_id is null)
        group by r.external_user_id, r.name, r.type
        order by r.external_user_id nulls last, r.name nulls last, r.type
        """;
    List<UserUsage> rows = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project);
      ps.setInt(2, days);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long user = rs.getLong("user_id");
          rows.add(
              new UserUsage(
                  rs.wasNull() ? null : user,
                  rs.getString("name"),
                  rs.getString("type"),
                  rs.getLong("completion_tokens"),
                  rs.getLong("prompt_tokens"),
                  rs.getDouble("cost"),
                  rs.getLong("errors"),
                  rs.getLong("success")));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Reading user usage failed", e);
    }
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  /** A search term matches literally: {@code %} and {@code _} are not wildcards. */
  static String escapeLike(String term) {
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
