package dev.selene.server.analytics;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Sends events through the real ingest route and reads analytics as a dashboard does. */
final class AnalyticsClient {
  static final ObjectMapper JSON = new ObjectMapper();

  final TestServer server;
  final TestProject project;

  AnalyticsClient(TestServer server, TestProject project) {
    this.server = server;
    this.project = project;
  }

  AnalyticsClient(TestServer server) {
    this(server, server.newProject());
  }

  /** Posts a JSON array of events with the project's public key, as the SDKs do. */
  void ingest(String eventsJson) {
    Response r =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.publicKey())
            .contentType("application/json")
            .body("{\"events\": " + eventsJson + "}")
            .post("/v1/runs/ingest");
    if (r.statusCode() != 200 || r.asString().contains("\"success\":false")) {
      throw new AssertionError("ingest returned " + r.statusCode() + ": " + r.asString());
    }
  }

  /** GET /v1/analytics/{route}?{query} with the private key; asserts 200. */
  JsonNode get(String route, String query) {
    Response r = request(route, query, project.privateKey());
    if (r.statusCode() != 200) {
      throw new AssertionError(
          route + "?" + query + " returned " + r.statusCode() + ": " + r.asString());
    }
    return parse(r.asString());
  }

  Response request(String route, String query, String key) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + key)
        .urlEncodingEnabled(false)
        .get("/v1/analytics/" + route + (query.isEmpty() ? "" : "?" + query));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Runs a statement against the server's database (what pricing or retention would change). */
  int sql(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Re-aggregates this project's dirty hours now, so the next reads use rollups. */
  void catchUp() {
    Rollups.catchUp(server.db(), project.id());
  }

  /** Another project of this project's organisation, with its own keys. */
  TestProject newProjectInSameOrg(String name) {
    TestProject p =
        new TestProject(
            project.orgId(),
            java.util.UUID.randomUUID(),
            java.util.UUID.randomUUID().toString(),
            java.util.UUID.randomUUID().toString(),
            project.orgKey());
    sql("insert into project (id, name, org_id) values (?, ?, ?)", p.id(), name, p.orgId());
    String key = "insert into api_key (type, api_key, project_id, org_id) values (?, ?, ?, ?)";
    sql(key, "public", p.publicKey(), p.id(), p.orgId());
    sql(key, "private", p.privateKey(), p.id(), p.orgId());
    return p;
  }

  /** A series query string. */
  static String range(String start, String end, String zone, String granularity) {
    return "startDate="
        + start
        + "&endDate="
        + end
        + "&timeZone="
        + zone
        + "&granularity="
        + granularity;
  }
}
