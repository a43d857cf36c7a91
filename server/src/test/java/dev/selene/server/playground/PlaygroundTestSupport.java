package dev.selene.server.playground;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Requests and stored-run lookups shared by the playground tests. */
final class PlaygroundTestSupport {
  private PlaygroundTestSupport() {}

  static RequestSpecification priv(String baseUrl, TestProject project) {
    return given()
        .baseUri(baseUrl)
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType(ContentType.JSON);
  }

  /** A provider config of the project pointing at the fake; returns its id. */
  static String providerConfig(
      String baseUrl,
      TestProject project,
      String provider,
      String upstreamBase,
      List<String> models) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("providerName", provider);
    body.put("apiKey", "sk-test-" + provider + "-0123456789");
    body.put("extraConfig", Map.of("baseUrl", upstreamBase));
    body.put("models", models);
    return priv(baseUrl, project)
        .body(body)
        .post("/v1/provider-configs")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** The playground runs stored for the project, oldest first, as column → value. */
  static List<Map<String, Object>> playgroundRuns(DataSource db, UUID project) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id, type, name, status, tags, input::text, output::text, error::text,"
                    + " params::text, metadata::text, prompt_tokens, completion_tokens, cost,"
                    + " template_version_id, runtime, created_at, ended_at from run"
                    + " where project_id = ? and runtime = 'selene-playground' order by created_at")) {
      ps.setObject(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Array a) {
              v = List.of((Object[]) a.getArray());
            }
            row.put(rs.getMetaData().getColumnLabel(i), v);
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  static JsonNode json(Object text) throws Exception {
    return text == null ? null : FakeUpstream.JSON.readTree(text.toString());
  }
}
