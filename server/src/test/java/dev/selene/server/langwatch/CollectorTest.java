package dev.selene.server.langwatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.otlp.StoredRuns;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** LangWatch's REST collector format into runs. */
class CollectorTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns runs = new StoredRuns(server, project);

  private static final String TRACE =
      """
      {"trace_id":"trace_9f1c","metadata":{"user_id":"u_42","thread_id":"th_7","labels":["beta"],"plan":"pro"},
       "spans":[
        {"span_id":"s_root","type":"agent","name":"answer","timestamps":{"started_at":1767225600000,"finished_at":1767225602500},
         "input":{"type":"text","value":"Which hotels allow pets?"},"output":{"type":"text","value":"Two of them do."}},
        {"span_id":"s_rag","parent_id":"s_root","type":"rag","timestamps":{"started_at":1767225600050,"finished_at":1767225600300},
         "contexts":[{"document_id":"doc-12","content":"Pets welcome at Hotel A"},"Hotel B accepts dogs under 10kg"]},
        {"span_id":"s_llm","parent_id":"s_root","type":"llm","model":"openai/gpt-5","vendor":"openai",
         "timestamps":{"started_at":1767225600310,"first_token_at":1767225600900,"finished_at":1767225602400},
         "input":{"type":"chat_messages","value":[{"role":"system","content":"Be brief"},{"role":"user","content":"Which hotels allow pets?"}]},
         "output":{"type":"chat_messages","value":[{"role":"assistant","content":"Two of them do."}]},
         "params":{"temperature":0.2},"metrics":{"prompt_tokens":210,"completion_tokens":9,"cost":0.00031}},
        {"span_id":"s_bad","type":"tool","timestamps":{"started_at":1767225600,"finished_at":1767225601}}],
       "evaluations":[{"name":"Answer relevancy","score":0.9,"passed":true,"details":"on topic"},
                      {"name":"Faithful","span_id":"s_llm","passed":false},
                      {"name":"Nothing"}]}
      """;

  @Test
  void collect_referenceExample_storesTreeTypesTokensUserThreadLabelsAndRejectsTheBadSpan() {
    Response r = post("application/json", TRACE);

    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    JsonNode reply = r.as(JsonNode.class);
    assertThat(reply.path("message").asText()).isEqualTo("Trace received successfully.");
    assertThat(reply.path("partialSuccess").path("rejectedSpans").asInt()).isEqualTo(1);
    assertThat(reply.path("partialSuccess").path("rejectedEvaluations").asInt()).isEqualTo(1);
    assertThat(reply.path("partialSuccess").path("errorMessage").asText())
        .contains("spans[3].timestamps.started_at: Timestamps should be in milliseconds")
        .contains(
            "evaluations[2]: Either `passed`, `score` or `label` field must be defined for"
                + " evaluations");

    UUID rootId = RunIds.fromSeed("trace_9f1c/s_root");
    Map<String, Object> root = runs.byId(rootId);
    assertThat(root.get("type")).isEqualTo("agent");
    assertThat(root.get("name")).isEqualTo("answer");
    assertThat(root.get("user_external_id")).isEqualTo("u_42");
    assertThat(root.get("tags")).isEqualTo(List.of("beta"));
    assertThat(root.get("runtime")).isEqualTo("langwatch");
    assertThat(StoredRuns.json(root, "input").asText()).isEqualTo("Which hotels allow pets?");
    JsonNode meta = StoredRuns.json(root, "metadata");
    assertThat(meta.path("threadId").asText()).isEqualTo("th_7");
    assertThat(meta.path("plan").asText()).isEqualTo("pro");
    assertThat(meta.path("otel").path("traceId").asText()).isEqualTo("trace_9f1c");

    Map<String, Object> rag = runs.byId(RunIds.fromSeed("trace_9f1c/s_rag"));
    assertThat(rag.get("type")).isEqualTo("retriever");
    assertThat(rag.get("parent_run_id")).isEqualTo(rootId);
    assertThat(StoredRuns.json(rag, "output").get(1).asText())
        .isEqualTo("Hotel B accepts dogs under 10kg");

    Map<String, Object> llm = runs.byId(RunIds.fromSeed("trace_9f1c/s_llm"));
    assertThat(llm.get("type")).isEqualTo("llm");
    assertThat(llm.get("name")).isEqualTo("gpt-5");
    assertThat(llm.get("prompt_tokens")).isEqualTo(210);
    assertThat(llm.get("completion_tokens")).isEqualTo(9);
    assertThat(llm.get("duration_text")).isEqualTo("00:00:02.09");
    assertThat(StoredRuns.json(llm, "input").toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":\"Which hotels allow pets?\"}]");
    assertThat(StoredRuns.json(llm, "output").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"Two of them do.\"}");
    assertThat(StoredRuns.json(llm, "params").toString()).isEqualTo("{\"temperature\":0.2}");
    assertThat(StoredRuns.json(llm, "metadata").path("provider").asText()).isEqualTo("openai");
    assertThat(StoredRuns.json(llm, "metadata").path("otel").path("usage").path("cost").asDouble())
        .isEqualTo(0.00031);
    assertThat(runs.all()).hasSize(3);
    assertThat(scores(rootId).toString())
        .isEqualTo("[{\"label\":\"Answer relevancy\",\"value\":0.9,\"comment\":\"on topic\"}]");
    assertThat(scores(RunIds.fromSeed("trace_9f1c/s_llm")).toString())
        .isEqualTo("[{\"label\":\"Faithful\",\"value\":false,\"comment\":null}]");
  }

  private JsonNode scores(UUID run) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .get("/v1/runs/" + run)
        .then()
        .statusCode(200)
        .extract()
        .as(JsonNode.class)
        .path("scores");
  }

  @Test
  void collect_errorSpan_storedAsErrorRunWithStack() {
    post(
        "application/json",
        """
        {"trace_id":"t-err","spans":[{"span_id":"s1","type":"tool","name":"lookup",
          "timestamps":{"started_at":1767225600000,"finished_at":1767225600100},
          "error":{"has_error":true,"message":"timeout","stacktrace":["at a()","at b()"]}}]}
        """);

    Map<String, Object> run = runs.byId(RunIds.fromSeed("t-err/s1"));
    assertThat(run.get("status")).isEqualTo("error");
    assertThat(StoredRuns.json(run, "error").toString())
        .isEqualTo("{\"stack\":\"at a()\\nat b()\",\"message\":\"timeout\"}");
  }

  @Test
  void collect_badRequests_400or429WithLangWatchMessages() {
    assertThat(post("text/plain", "{}").asString()).contains("Invalid body, expecting json");
    assertThat(post("application/json", "{\"trace_id\":\"t\",\"spans\":5}").asString())
        .contains("Invalid 'spans' field, expecting array");
    assertThat(post("application/json", "{\"spans\":[]}").asString())
        .contains("Trace ID not defined");
    Response mixed =
        post(
            "application/json",
            "{\"spans\":[{\"trace_id\":\"a\",\"span_id\":\"1\"},{\"trace_id\":\"b\",\"span_id\":\"2\"}]}");
    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(mixed.asString()).contains("All spans must have the same trace id");
    Response allBad =
        post(
            "application/json",
            "{\"trace_id\":\"t\",\"spans\":[{\"span_id\":\"1\",\"type\":\"nope\",\"timestamps\":{}}]}");
    assertThat(allBad.statusCode()).isEqualTo(400);
    assertThat(allBad.asString()).contains("spans[0].type: expected one of");
    StringBuilder many = new StringBuilder("{\"trace_id\":\"t\",\"spans\":[");
    for (int i = 0; i < 201; i++) {
      many.append(i == 0 ? "" : ",").append("{\"span_id\":\"").append(i).append("\"}");
    }
    Response tooMany = post("application/json", many.append("]}").toString());
    assertThat(tooMany.statusCode()).isEqualTo(429);
    assertThat(tooMany.asString()).contains("Too many spans, maximum of 200 per trace");
    assertThat(runs.all()).isEmpty();
  }

  @Test
  void collect_trackEventBeforeCollectorTrace_joinsItsRoot() {
    given()
        .baseUri(server.baseUrl())
        .header("X-Auth-Token", project.privateKey())
        .contentType("application/json")
        .body(
            "{\"trace_id\":\"trace_9f1c\",\"event_type\":\"add_to_cart\",\"metrics\":{\"amount\":3},"
                + "\"event_id\":\"e1\"}")
        .post("/api/track_event")
        .then()
        .statusCode(200);

    post("application/json", TRACE);

    Map<String, Object> event =
        runs.all().stream()
            .filter(x -> "custom-event".equals(x.get("type")))
            .findFirst()
            .orElseThrow();
    assertThat(event.get("parent_run_id")).isEqualTo(RunIds.fromSeed("trace_9f1c/s_root"));
  }

  private Response post(String contentType, String body) {
    return given()
        .baseUri(server.baseUrl())
        .header("X-Auth-Token", project.privateKey())
        .contentType(contentType)
        .body(body)
        .post("/api/collector");
  }
}
