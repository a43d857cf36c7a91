package dev.selene.compat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.compat.LunarySdk.SdkRun;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official {@code langwatch} npm SDK (0.16.1), unchanged, pointed at Selene with {@code
 * LANGWATCH_ENDPOINT}: its OTLP/JSON traces (sent to {@code /api/otel/v1/traces}) and a {@code
 * track_event} call become one trace of runs, read back through the runs API.
 */
class LangWatchSdkCompatTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  @Test
  void langwatchSdk_agentWithRagAndLlmThenCustomEvent_storedAsOneTrace() {
    assertThat(LunarySdk.compatDir().resolve("node_modules/langwatch/package.json"))
        .as("the langwatch SDK is installed by the build (npm-ci.sh); run ./mvnw verify")
        .exists();
    SdkRun sdk =
        LunarySdk.runScript(
            Map.of(
                "LANGWATCH_ENDPOINT", server.baseUrl(), "LANGWATCH_API_KEY", project.privateKey()),
            "langwatch-scenario.mjs");
    assertThat(sdk.get("trackEvent").path("status").asInt()).as(sdk.context()).isEqualTo(200);
    assertThat(sdk.get("trackEvent").path("body").asText())
        .isEqualTo("{\"message\":\"Event tracked\"}");

    String agent = RunIds.normalize(sdk.get("ids").path("agent").asText()).toString();
    String rag = RunIds.normalize(sdk.get("ids").path("rag").asText()).toString();
    String llm = RunIds.normalize(sdk.get("ids").path("llm").asText()).toString();
    Map<String, JsonNode> trace = new HashMap<>();
    for (JsonNode run : get("/v1/runs/" + agent + "/related")) {
      trace.put(run.path("id").asText(), run);
    }
    assertThat(trace).as(sdk.context()).containsKeys(agent, rag, llm).hasSize(4);

    JsonNode root = get("/v1/runs/" + agent);
    assertThat(root.path("type").asText()).isEqualTo("agent");
    assertThat(root.path("name").asText()).isEqualTo("answer");
    assertThat(root.path("input").asText()).isEqualTo("Which hotels allow pets?");
    assertThat(root.path("output").asText()).isEqualTo("Hotel A.");
    assertThat(root.path("user").path("externalId").asText()).isEqualTo("u_42");
    assertThat(root.path("metadata").path("threadId").asText()).isEqualTo("th_7");
    assertThat(root.path("metadata").path("service.name").asText()).isEqualTo("hotel-bot");

    JsonNode search = get("/v1/runs/" + rag);
    assertThat(search.path("type").asText()).isEqualTo("retriever");
    assertThat(search.path("output").get(0).path("content").asText())
        .isEqualTo("Pets welcome at Hotel A");

    JsonNode call = get("/v1/runs/" + llm);
    assertThat(call.path("type").asText()).isEqualTo("llm");
    assertThat(call.path("name").asText()).isEqualTo("gpt-4o");
    assertThat(call.path("tokens").path("prompt").asInt()).isEqualTo(12);
    assertThat(call.path("tokens").path("completion").asInt()).isEqualTo(3);
    assertThat(call.path("cost").asDouble()).isGreaterThan(0);
    assertThat(call.path("output").path("content").asText()).isEqualTo("Hotel A.");

    JsonNode event =
        trace.values().stream()
            .filter(r -> "custom-event".equals(r.path("type").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(event.path("name").asText()).isEqualTo("add_to_cart");
    assertThat(event.path("parentRunId").asText()).isEqualTo(agent);
  }

  private JsonNode get(String path) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .get(path)
        .then()
        .statusCode(200)
        .extract()
        .as(JsonNode.class);
  }
}
