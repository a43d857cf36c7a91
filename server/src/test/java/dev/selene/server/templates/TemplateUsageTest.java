package dev.selene.server.templates;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TemplateUsageTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private RequestSpecification priv() {
    return given()
        .baseUri(server.baseUrl())
        .config(
            io.restassured.config.RestAssuredConfig.config()
                .jsonConfig(
                    io.restassured.config.JsonConfig.jsonConfig()
                        .numberReturnType(
                            io.restassured.path.json.config.JsonPathConfig.NumberReturnType
                                .DOUBLE)))
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType(ContentType.JSON);
  }

  private void run(
      UUID projectId,
      Long versionId,
      Instant createdAt,
      String status,
      int prompt,
      int completion,
      Double cost)
      throws SQLException {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into run (project_id, id, created_at, ended_at, type, name, status,"
                    + " prompt_tokens, completion_tokens, cost, template_version_id)"
                    + " values (?, ?, ?, ?, 'llm', 'gpt-4o', ?, ?, ?, ?, ?)")) {
      ps.setObject(1, projectId);
      ps.setObject(2, UUID.randomUUID());
      ps.setTimestamp(3, createdAt == null ? null : Timestamp.from(createdAt));
      ps.setTimestamp(4, createdAt == null ? null : Timestamp.from(createdAt.plusSeconds(1)));
      ps.setString(5, status);
      ps.setInt(6, prompt);
      ps.setInt(7, completion);
      ps.setObject(8, cost);
      ps.setObject(9, versionId);
      ps.executeUpdate();
    }
  }

  @Test
  void usage_perVersion_sumsTheProjectsRunsOnly() throws SQLException {
    JsonPath created =
        priv()
            .body(TemplatesTest.chatTemplate("usage", false))
            .post("/v1/templates")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    long templateId = created.getLong("id");
    long v1 = created.getLong("versions[0].id");
    long v2 =
        priv()
            .body(
                Map.of(
                    "content", List.of(Map.of("role", "user", "content", "hi")), "isDraft", false))
            .post("/v1/templates/" + templateId + "/versions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("id");
    Instant t = Instant.parse("2025-03-01T10:00:00Z");
    run(project.id(), v1, t, "success", 10, 5, 0.001);
    run(project.id(), v1, t.plusSeconds(60), "error", 20, 0, null);
    run(project.id(), v2, t.plusSeconds(120), "success", 7, 3, 0.002);
    run(project.id(), v1, null, null, 1000, 1000, 1.0); // pending: not visible anywhere
    run(server.newProject().id(), v1, t, "success", 1000, 1000, 1.0); // another project

    priv()
        .get("/v1/templates/" + templateId + "/usage")
        .then()
        .statusCode(200)
        .body("templateId", equalTo((int) templateId))
        .body("versions.version", equalTo(List.of(2, 1)))
        .body("versions[1].versionId", equalTo((int) v1))
        .body("versions[1].runs", equalTo(2))
        .body("versions[1].errors", equalTo(1))
        .body("versions[1].promptTokens", equalTo(30))
        .body("versions[1].completionTokens", equalTo(5))
        .body("versions[1].totalTokens", equalTo(35))
        .body("versions[1].cost", closeTo(0.001, 1e-9))
        .body("versions[1].firstRunAt", equalTo("2025-03-01T10:00:00.000Z"))
        .body("versions[1].lastRunAt", equalTo("2025-03-01T10:01:00.000Z"))
        .body("versions[0].runs", equalTo(1))
        .body("versions[0].cost", closeTo(0.002, 1e-9));

    priv()
        .queryParam("from", "2025-03-01T10:00:30Z")
        .get("/v1/template-versions/" + v1 + "/usage")
        .then()
        .statusCode(200)
        .body("runs", equalTo(1))
        .body("promptTokens", equalTo(20));
  }

  @Test
  void usage_versionWithoutRuns_reportsZeros() {
    long versionId =
        priv()
            .body(TemplatesTest.chatTemplate("unused", true))
            .post("/v1/templates")
            .then()
            .extract()
            .jsonPath()
            .getLong("versions[0].id");
    priv()
        .get("/v1/template_versions/" + versionId + "/usage")
        .then()
        .statusCode(200)
        .body("runs", equalTo(0))
        .body("cost", equalTo(0.0))
        .body("firstRunAt", nullValue())
        .body("version", notNullValue());
  }

  @Test
  void usage_badTimeOrUnknownTemplate_returnsClearErrors() {
    priv()
        .queryParam("from", "yesterday")
        .get("/v1/templates/1/usage")
        .then()
        .statusCode(422)
        .body("message", org.hamcrest.Matchers.containsString("from"));
    priv().get("/v1/templates/999999999/usage").then().statusCode(404);
    priv().get("/v1/template-versions/999999999/usage").then().statusCode(404);
  }
}
