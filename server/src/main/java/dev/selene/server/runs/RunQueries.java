package dev.selene.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.runs.filter.SqlFragment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The read queries of the runs API. Every one is scoped to a project and hides pending runs. */
final class RunQueries {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final DataSource db;

  RunQueries(DataSource db) {
    this.db = db;
  }

  /** The WHERE conditions every list, count and export shares, binding from index 1. */
  static String listWhere(RunListRequest request, SqlFragment filter) {
    return "r.project_id = ? and r.created_at is not null"
        + (request.parentRunId() == null ? "" : " and r.parent_run_id = ?")
        + " and "
        + filter.sql();
  }

  static int bindListWhere(
      PreparedStatement ps, UUID project, RunListRequest request, SqlFragment filter)
      throws SQLException {
    int i = 1;
    ps.setObject(i++, project);
    if (request.parentRunId() != null) {
      ps.setObject(i++, request.parentRunId());
    }
    return filter.bind(ps, i);
  }

  /** The formatted-run SQL of a list or export; a page when {@code paged}. */
  static String listSql(RunListRequest request, SqlFragment filter, boolean paged) {
    String inner =
        "select r.*, "
            + request.sortKey()
            + " as sort_key from run r where "
            + listWhere(request, filter)
            + " order by "
            + request.orderBy("sort_key")
            + (paged ? " limit ? offset ?" : "");
    return RunSelect.enriched(inner, request.orderBy("r.sort_key"), false);
  }

  List<ObjectNode> list(UUID project, RunListRequest request, boolean preview) throws SQLException {
    SqlFragment filter = request.filter().toSql("r", project);
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(listSql(request, filter, true))) {
      int i = bindListWhere(ps, project, request, filter);
      ps.setInt(i++, request.limit());
      ps.setLong(i, (long) request.page() * request.limit());
      List<ObjectNode> runs = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(RunFormatter.format(rs, RunFormatter.Shape.LIST, preview));
        }
      }
      return runs;
    }
  }

  long count(UUID project, RunListRequest request) throws SQLException {
    SqlFragment filter = request.filter().toSql("r", project);
    String sql = "select count(*) from run r where " + listWhere(request, filter);
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bindListWhere(ps, project, request, filter);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  Optional<ObjectNode> find(UUID project, UUID id) throws SQLException {
    String inner =
        "select r.*, null as sort_key from run r"
            + " where r.project_id = ? and r.id = ? and r.created_at is not null";
    return single(RunSelect.enriched(inner, "", true), project, id);
  }

  /** A run anyone may read because it was made public; looked up by id alone. */
  Optional<ObjectNode> findPublic(UUID id) throws SQLException {
    String inner =
        "select r.*, null as sort_key from run r"
            + " where r.id = ? and r.is_public and r.created_at is not null";
    return single(RunSelect.enriched(inner, "", true), id);
  }

  private Optional<ObjectNode> single(String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(RunFormatter.format(rs, RunFormatter.Shape.SINGLE, false))
            : Optional.empty();
      }
    }
  }

  private static final String RELATED =
      """
      with recursive tree(id) as (
        select r.id from run r where r.project_id = ? and r.id = ? and r.created_at is not null
        union
        select c.id from tree t join run c on c.project_id = ? and c.parent_run_id = t.id
      )
      select r.created_at, r.tags, r.project_id, r.id, r.status, r.name, r.ended_at,
        r.error::text as error, r.input::text as input, r.output::text as output,
        r.params::text as params, r.type, r.parent_run_id, r.completion_tokens, r.prompt_tokens,
        coalesce(r.cost, 0) as cost, r.feedback::text as feedback, r.metadata::text as metadata
      from tree t join run r on r.project_id = ? and r.id = t.id
      where r.created_at is not null
      order by r.created_at, r.id
      """;

  /**
   * The run and all its descendants, oldest first, as plain rows (the reference's {@code
   * /related}); empty when the run is unknown. {@code union} stops at cycles in bad data.
   */
  List<ObjectNode> related(UUID project, UUID id) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(RELATED)) {
      ps.setObject(1, project);
      ps.setObject(2, id);
      ps.setObject(3, project);
      ps.setObject(4, project);
      List<ObjectNode> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode row = NODES.objectNode();
          row.put("createdAt", RunFormatter.time(rs, "created_at"));
          row.set("tags", RunFormatter.tags(rs.getArray("tags")));
          row.put("projectId", rs.getString("project_id"));
          row.put("id", rs.getString("id"));
          row.put("status", rs.getString("status"));
          row.put("name", rs.getString("name"));
          row.put("endedAt", RunFormatter.time(rs, "ended_at"));
          row.set("error", StoredJson.parse(rs.getString("error")));
          row.set("input", StoredJson.parse(rs.getString("input")));
          row.set("output", StoredJson.parse(rs.getString("output")));
          row.set("params", StoredJson.parse(rs.getString("params")));
          row.put("type", rs.getString("type"));
          row.put("parentRunId", rs.getString("parent_run_id"));
          row.set("completionTokens", intOrNull(rs, "completion_tokens"));
          row.set("promptTokens", intOrNull(rs, "prompt_tokens"));
          row.put("cost", rs.getDouble("cost"));
          row.set("feedback", StoredJson.parse(rs.getString("feedback")));
          row.set("metadata", StoredJson.parse(rs.getString("metadata")));
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private static JsonNode intOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? NODES.nullNode() : NODES.numberNode(value);
  }

  /** The run's feedback (JSON null when it has none), or empty when the run is unknown. */
  Optional<JsonNode> feedback(UUID project, UUID id) throws SQLException {
    String sql =
        "select feedback::text from run"
            + " where project_id = ? and id = ? and created_at is not null";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project);
      ps.setObject(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(StoredJson.parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * Usage per run name and type (and per UTC day when {@code daily}) over the last {@code days}
   * days, optionally for one external user. Daily figures count only runs that lasted at least a
   * second, as the reference does.
   */
  List<ObjectNode> usage(UUID project, int days, Long userId, boolean daily) throws SQLException {
    String sql =
        "select "
            + (daily ? "(r.created_at at time zone 'UTC')::date as date, " : "")
            + "r.name, r.type, sum(r.completion_tokens) as completion_tokens,"
            + " sum(r.prompt_tokens) as prompt_tokens, sum(r.cost) as cost,"
            + " count(*) filter (where r.status = 'error') as errors,"
            + " count(*) filter (where r.status = 'success') as success"
            + " from run r where r.project_id = ? and r.created_at is not null"
            + " and r.created_at >= now() - make_interval(days => ?)"
            + (userId == null ? "" : " and r.external_user_id = ?")
            + (daily ? " and r.duration >= interval '1 second'" : "")
            + " group by "
            + (daily ? "1, " : "")
            + "r.name, r.type order by "
            + (daily ? "1, " : "")
            + "r.name nulls last, r.type";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project);
      ps.setInt(2, days);
      if (userId != null) {
        ps.setLong(3, userId);
      }
      List<ObjectNode> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode row = NODES.objectNode();
          if (daily) {
            LocalDate date = rs.getObject("date", LocalDate.class);
            row.put("date", IsoTime.format(date.atStartOfDay().toInstant(ZoneOffset.UTC)));
          }
          row.put("name", rs.getString("name"));
          row.put("type", rs.getString("type"));
          row.set("completionTokens", intOrNull(rs, "completion_tokens"));
          row.set("promptTokens", intOrNull(rs, "prompt_tokens"));
          double cost = rs.getDouble("cost");
          row.set("cost", rs.wasNull() ? NODES.nullNode() : NODES.numberNode(cost));
          row.put("errors", rs.getLong("errors"));
          row.put("success", rs.getLong("success"));
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
