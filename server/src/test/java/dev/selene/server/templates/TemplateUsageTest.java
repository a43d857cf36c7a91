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
import java.time.Instant;
import java.util.HashMap;
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

  /** An SDK-style llm run (start + end or error) referencing a template version. */
  private void ingest(TestProject p, List<Map<String, Object>> events) {
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + p.publicKey())
        .contentType(ContentType.JSON)
        .body(Map.of("events", events))
        .post("/v1/runs/ingest")
        .then()
        .statusCode(200);
  }

  private static List<Map<String, Object>> llmRun(
      long versionId, Instant at, boolean failed, int prompt, int completion) {
    String runId = UUID.randomUUID().toString();
    Map<String, Object> start = new HashMap<>();
    start.put("event", "start");
    start.put("type", "llm");
    start.put("runId", runId);
    start.put("timestamp", at.toString());
    start.put("name", "gpt-4o");
    start.put("templateId", Long.toString(versionId)); // the JS SDK sends the id as a string
    if (!failed) {
      start.put("input", List.of(Map.of("role", "user", "content", "hi")));
    }
    Map<String, Object> end = new HashMap<>();
    end.put("event", failed ? "error" : "end");
    end.put("type", "llm");
    end.put("runId", runId);
    end.put("timestamp", at.plusSeconds(1).toString());
    if (failed) {
      end.put("error", Map.of("message", "boom"));
    } else {
      end.put("output", Map.of("role", "assistant", "content", "hello"));
      end.put("tokensUsage", Map.of("prompt", prompt, "completion", completion));
    }
    return List.of(start, end);
  }

  private static Map<String, Object> endOnly(long versionId, Instant at) {
    return Map.of(
        "event",
        "end",
        "type",
        "llm",
        "runId",
        UUID.randomUUID().toString(),
        "timestamp",
        at.toString(),
        "templateId",
        versionId,
        "tokensUsage",
        Map.of("prompt", 1000, "completion", 1000));
  }

  @Test
  void usage_perVersion_sumsTheProjectsIngestedRunsOnly() {
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
    ingest(project, llmRun(v1, t, false, 10, 5));
    ingest(project, llmRun(v1, t.plusSeconds(60), true, 0, 0));
    ingest(project, llmRun(v2, t.plusSeconds(120), false, 7, 3));
    ingest(project, List.of(endOnly(v1, t))); // pending: no start yet, hidden everywhere
    ingest(server.newProject(), llmRun(v1, t, false, 1000, 1000)); // another project

    priv()
        .get("/v1/templates/" + templateId + "/usage")
        .then()
        .statusCode(200)
        .body("templateId", equalTo((int) templateId))
        .body("versions.version", equalTo(List.of(2, 1)))
        .body("versions[1].versionId", equalTo((int) v1))
        .body("versions[1].runs", equalTo(2))
        .body("versions[1].errors", equalTo(1))
        .body("versions[1].promptTokens", equalTo(10))
        .body("versions[1].completionTokens", equalTo(5))
        .body("versions[1].totalTokens", equalTo(15))
        // priced by ingest at gpt-4o's list price: $2.50 / 1M prompt, $10 / 1M completion tokens
        .body("versions[1].cost", closeTo(10 * 2.5e-6 + 5 * 10e-6, 1e-12))
        .body("versions[1].firstRunAt", equalTo("2025-03-01T10:00:00.000Z"))
        .body("versions[1].lastRunAt", equalTo("2025-03-01T10:01:00.000Z"))
        .body("versions[0].runs", equalTo(1))
        .body("versions[0].cost", closeTo(7 * 2.5e-6 + 3 * 10e-6, 1e-12));

    priv()
        .queryParam("from", "2025-03-01T10:00:30Z")
        .get("/v1/template-versions/" + v1 + "/usage")
        .then()
        .statusCode(200)
        .body("runs", equalTo(1))
        .body("errors", equalTo(1));
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
