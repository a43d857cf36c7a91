package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads back what ingestion stored for a project (run rows with JSON columns parsed). */
public final class StoredRuns {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final TestServer server;
  private final TestProject project;

  public StoredRuns(TestServer server, TestProject project) {
    this.server = server;
    this.project = project;
  }

  /** The run of an OTLP span, by its hex span id. */
  public Map<String, Object> bySpanId(String spanIdHex) {
    return byId(RunIds.normalize(spanIdHex));
  }

  public Map<String, Object> byId(UUID id) {
    List<Map<String, Object>> rows =
        query(
            "select r.*, r.duration::text as duration_text, u.external_id as user_external_id"
                + " from run r left join external_user u on u.id = r.external_user_id"
                + " where r.project_id = ? and r.id = ?",
            project.id(),
            id);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Every visible run of the project, oldest first. */
  public List<Map<String, Object>> all() {
    return query(
        "select r.*, r.duration::text as duration_text, u.external_id as user_external_id"
            + " from run r left join external_user u on u.id = r.external_user_id"
            + " where r.project_id = ? and r.created_at is not null order by r.created_at, r.name",
        project.id());
  }

  public List<Map<String, Object>> query(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if ("jsonb".equals(md.getColumnTypeName(i)) && value != null) {
              value = JSON.readTree(value.toString());
            } else if (value instanceof java.sql.Array a) {
              value = List.of((Object[]) a.getArray());
            }
            row.put(md.getColumnName(i), value);
          }
          out.add(row);
        }
        return out;
      }
    } catch (SQLException | java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  public static JsonNode json(Map<String, Object> run, String column) {
    return (JsonNode) run.get(column);
  }
}
