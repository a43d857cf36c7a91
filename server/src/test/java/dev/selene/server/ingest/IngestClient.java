package dev.selene.server.ingest;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sends events the way SDKs do and reads back what was stored. */
final class IngestClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final TestServer server;
  private final TestProject project;

  IngestClient(TestServer server, TestProject project) {
    this.server = server;
    this.project = project;
  }

  Response post(String eventsJson) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .contentType("application/json")
        .body("{\"events\": " + eventsJson + "}")
        .post("/v1/runs/ingest");
  }

  JsonNode postOk(String eventsJson) {
    Response r = post(eventsJson);
    if (r.statusCode() != 200) {
      throw new AssertionError("ingest returned " + r.statusCode() + ": " + r.asString());
    }
    try {
      return JSON.readTree(r.asString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The stored run row, columns by name, JSON columns parsed; null when absent. */
  Map<String, Object> run(String rawRunId) {
    return run(RunIds.normalize(rawRunId));
  }

  Map<String, Object> run(UUID id) {
    List<Map<String, Object>> rows =
        query(
            "select *, duration::text as duration_text from run where project_id = ? and id = ?",
            project.id(),
            id);
    return rows.isEmpty() ? null : rows.get(0);
  }

  List<Map<String, Object>> query(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> out = new java.util.ArrayList<>();
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
}
