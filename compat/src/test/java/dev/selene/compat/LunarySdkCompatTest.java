package dev.selene.compat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.compat.LunarySdk.SdkRun;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The official {@code lunary} npm SDK (1.0.18), unchanged, against the real server: each test runs
 * one scenario of {@code scenarios.mjs} in its own project, then reads through the REST API what an
 * application's dashboard would show.
 */
class LunarySdkCompatTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private SdkRun sdk(String scenario) {
    return LunarySdk.run(scenario, server.baseUrl(), project.publicKey(), project.privateKey());
  }

  private RequestSpecification api() {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey());
  }

  private JsonPath run(String id) {
    return api().get("/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** The trace below {@code id} (itself included), keyed by run id. */
  private Map<String, Map<String, Object>> related(String id) {
    List<Map<String, Object>> rows =
        api()
            .get("/v1/runs/" + id + "/related")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    return rows.stream().collect(Collectors.toMap(r -> (String) r.get("id"), r -> r));
  }

  private JsonPath users(String query) {
    return api().get("/v1/external-users" + query).then().statusCode(200).extract().jsonPath();
  }

  @Test
  void agentTrace_wrappedAgentToolAndModel_storedAsOneTraceWithUserTokensAndCost() {
    SdkRun sdk = sdk("agent-trace");
    sdk.assertEveryIngestAccepted();
    String agent = sdk.id("agent");
    String tool = sdk.id("tool");
    String llm = sdk.id("llm");
    assertThat(sdk.get("output").asText()).isEqualTo("It is sunny in Paris");

    Map<String, Map<String, Object>> trace = related(agent);
    assertThat(trace).containsOnlyKeys(agent, tool, llm);
    assertThat(trace.get(agent)).containsEntry("type", "agent").containsEntry("parentRunId", null);
    assertThat(trace.get(tool)).containsEntry("type", "tool").containsEntry("parentRunId", agent);
    assertThat(trace.get(llm))
        .containsEntry("type", "llm")
        .containsEntry("parentRunId", agent)
        .containsEntry("promptTokens", 11)
        .containsEntry("completionTokens", 7);
    assertThat(trace.values()).allSatisfy(r -> assertThat(r).containsEntry("status", "success"));

    JsonPath model = run(llm);
    assertThat(model.getString("name")).isEqualTo("gpt-4o-mini");
    assertThat(model.getString("status")).isEqualTo("success");
    assertThat(model.getInt("tokens.prompt")).isEqualTo(11);
    assertThat(model.getInt("tokens.completion")).isEqualTo(7);
    assertThat(model.getInt("tokens.total")).isEqualTo(18);
    assertThat(model.getDouble("cost")).as("gpt-4o-mini is priced").isPositive();
    assertThat(model.getString("input[0].content")).isEqualTo("What's the weather?");
    assertThat(model.getString("input[1].role")).isEqualTo("tool");
    assertThat(model.getString("output.content")).isEqualTo("It is sunny in Paris");
    assertThat(model.getDouble("params.temperature")).isEqualTo(0.1);
    assertThat(model.getInt("params.maxTokens")).as("payload keys are camelCased").isEqualTo(64);
    assertThat(model.getString("metadata.step")).isEqualTo("answer");
    assertThat(model.getList("tags")).containsExactly("compat");
    assertThat(model.getString("user.externalId")).isEqualTo("user-123");
    assertThat(model.getString("user.props.email")).isEqualTo("jane@example.org");
    assertThat(model.getString("traceId")).isEqualTo(agent);
    assertThat(model.getString("endedAt")).isNotNull();

    JsonPath root = run(agent);
    assertThat(root.getString("input.question")).isEqualTo("What's the weather?");
    assertThat(root.getString("input.style")).isEqualTo("short");
    assertThat(root.getString("output")).isEqualTo("It is sunny in Paris");
    assertThat(root.getString("name")).isEqualTo("weather-agent");
    assertThat(root.getList("tags")).containsExactly("compat", "agent");
    assertThat(root.getString("metadata.suite")).isEqualTo("compat");
    assertThat(root.getString("user.externalId")).isEqualTo("user-123");
    assertThat(root.getString("traceId")).isNull();

    assertThat(
            api()
                .get("/v1/runs?tags=agent")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.id"))
        .as("the tags filter of the runs list")
        .containsExactly(agent);

    JsonPath weather = run(tool);
    assertThat(weather.getString("name")).isEqualTo("get-weather");
    assertThat(weather.getString("input")).isEqualTo("Paris");
    assertThat(weather.getInt("output.temperature")).isEqualTo(21);

    JsonPath users = users("");
    assertThat(users.getLong("total")).isEqualTo(1);
    assertThat(users.getString("data[0].externalId")).isEqualTo("user-123");
    assertThat(users.getString("data[0].props.name")).isEqualTo("Jane");
    assertThat(users.getDouble("data[0].cost")).isEqualTo(model.getDouble("cost"));
    JsonPath user =
        api()
            .get("/v1/external-users/" + users.getLong("data[0].id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(user.getLong("runCount")).isEqualTo(3);
    assertThat(user.getLong("totalTokens")).isEqualTo(18);
  }

  @Test
  void manualLlm_trackEventStartEndThenScore_storedWithTokensParamsUserAndScore() {
    SdkRun sdk = sdk("manual-llm");
    sdk.assertEveryIngestAccepted();
    assertThat(sdk.get("score").path("ok").asBoolean()).as(sdk.context()).isTrue();
    String id = sdk.id("llm");

    JsonPath llm = run(id);
    assertThat(llm.getString("type")).isEqualTo("llm");
    assertThat(llm.getString("name")).isEqualTo("gpt-4o");
    assertThat(llm.getString("status")).isEqualTo("success");
    assertThat(llm.getMap("tokens"))
        .containsEntry("prompt", 12)
        .containsEntry("completion", 5)
        .containsEntry("total", 17);
    assertThat(llm.getDouble("cost")).as("gpt-4o is priced").isPositive();
    assertThat(llm.getString("input[0].content")).isEqualTo("Hello");
    assertThat(llm.getString("output.content")).isEqualTo("Hi");
    assertThat(llm.getDouble("params.temperature")).isEqualTo(0.2);
    assertThat(llm.getInt("params.maxTokens")).isEqualTo(50);
    assertThat(llm.getString("metadata.orgId")).isEqualTo("org-1");
    assertThat(llm.getList("tags")).containsExactly("compat", "manual");
    assertThat(llm.getString("user.externalId")).isEqualTo("user-manual");
    assertThat(llm.getString("user.props.planTier")).isEqualTo("pro");
    assertThat(llm.getString("duration")).isNotNull();
    assertThat(llm.getList("scores")).hasSize(1);
    assertThat(llm.getString("scores[0].label")).isEqualTo("accuracy");
    assertThat(llm.getDouble("scores[0].value")).isEqualTo(0.9);
    assertThat(llm.getString("scores[0].comment")).isEqualTo("fine");
  }

  @Test
  void llmError_wrappedModelThrows_storedAsErrorRunWithMessageAndStack() {
    SdkRun sdk = sdk("llm-error");
    sdk.assertEveryIngestAccepted();
    assertThat(sdk.get("thrown").path("error").asText()).isEqualTo("Simulated LLM failure");

    JsonPath llm = run(sdk.id("llm"));
    assertThat(llm.getString("status")).isEqualTo("error");
    assertThat(llm.getString("name")).isEqualTo("fail-model");
    assertThat(llm.getString("input")).isEqualTo("boom");
    assertThat(llm.getString("error.message")).isEqualTo("Simulated LLM failure");
    assertThat(llm.getString("error.stack")).contains("Simulated LLM failure");
    assertThat(llm.getString("endedAt")).isNotNull();
  }

  @Test
  void thread_messagesEventsFeedbackAndReconciledLlmCall_storedAsOneThread() {
    SdkRun sdk = sdk("thread");
    sdk.assertEveryIngestAccepted();
    String thread = sdk.id("thread");
    String answer1 = sdk.id("answer1");
    String answer2 = sdk.id("answer2");
    String llm = sdk.id("llm");

    Map<String, Map<String, Object>> runs = related(thread);
    String customEvent =
        runs.values().stream()
            .filter(r -> "custom-event".equals(r.get("type")))
            .map(r -> (String) r.get("id"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no custom-event run in " + runs));
    assertThat(runs)
        .as("one chat run per exchange, keyed by the assistant message id")
        .containsOnlyKeys(thread, answer1, answer2, customEvent, llm);

    assertThat(runs.get(thread)).containsEntry("type", "thread");
    assertThat(runs.get(thread).get("tags"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .contains("support");

    Map<String, Object> exchange1 = runs.get(answer1);
    assertThat(exchange1).containsEntry("type", "chat").containsEntry("parentRunId", thread);
    assertThat(exchange1.get("input"))
        .isEqualTo(List.of(Map.of("role", "user", "content", "Hello thread")));
    assertThat(exchange1.get("output"))
        .isEqualTo(List.of(Map.of("role", "assistant", "content", "Hi, how can I help?")));
    assertThat(exchange1.get("feedback")).isEqualTo(Map.of("thumb", "up", "comment", "great"));

    Map<String, Object> exchange2 = runs.get(answer2);
    assertThat(exchange2.get("input"))
        .isEqualTo(List.of(Map.of("role", "user", "content", "Second question")));
    assertThat(exchange2.get("output"))
        .isEqualTo(List.of(Map.of("role", "assistant", "content", "Second answer")));
    @SuppressWarnings("unchecked")
    Map<String, Object> feedback2 = (Map<String, Object>) exchange2.get("feedback");
    assertThat(feedback2 == null ? null : feedback2.get("thumb"))
        .as("{thumb: null} removes the thumb")
        .isNull();

    assertThat(runs.get(customEvent))
        .containsEntry("name", "open-document")
        .containsEntry("parentRunId", thread)
        .containsEntry("metadata", Map.of("documentName", "doc.pdf"));
    assertThat(runs.get(llm))
        .as("setParent(user message id) follows the exchange")
        .containsEntry("parentRunId", answer2)
        .containsEntry("promptTokens", 9)
        .containsEntry("completionTokens", 3);

    assertThat(run(thread).getString("user.externalId")).isEqualTo("user-456");
    assertThat(run(answer1).getString("user.externalId")).isEqualTo("user-456");

    JsonNode feedback1 = sdk.get("feedback1");
    assertThat(feedback1.path("ok").asBoolean()).as(sdk.context()).isTrue();
    assertThat(feedback1.path("value").path("thumb").asText()).isEqualTo("up");
    assertThat(feedback1.path("value").path("comment").asText()).isEqualTo("great");

    JsonPath users = users("");
    assertThat(users.getList("data.externalId")).containsExactly("user-456");
    assertThat(users.getString("data[0].props.name")).isEqualTo("Bob");
  }

  @Test
  void thread_getFeedbackAfterThumbRemoved_sdkReadsNoThumbWithoutError() {
    SdkRun sdk = sdk("thread");
    sdk.assertEveryIngestAccepted();

    JsonNode removed = sdk.get("feedback2");
    assertThat(removed.path("ok").asBoolean())
        .as("getFeedback after the thumb was removed must still parse: %s", sdk.context())
        .isTrue();
    assertThat(
            removed.path("value").path("thumb").isMissingNode()
                || removed.path("value").path("thumb").isNull())
        .isTrue();
  }

  @Test
  void users_identifyAndUserIdOnlyEvents_keepPropsListFilterAndErase() {
    SdkRun sdk = sdk("users");
    sdk.assertEveryIngestAccepted();

    JsonPath users = users("?sortField=createdAt&sortDirection=asc");
    assertThat(users.getLong("total")).isEqualTo(2);
    assertThat(users.getList("data.externalId")).containsExactly("user-a", "user-b");
    assertThat(users.getMap("data[0].props"))
        .as("an event with userId but no userProps keeps the stored props")
        .isEqualTo(Map.of("name", "Alice", "email", "alice@example.org", "planTier", "pro"));
    assertThat(users.getMap("data[1].props")).isEqualTo(Map.of("name", "Bob", "planTier", "free"));
    assertThat(users.getString("data[0].lastSeen")).isNotNull();

    assertThat(
            api()
                .get("/v1/external-users/props/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("", String.class))
        .containsExactly("email", "name", "planTier");
    assertThat(users("?user-props=planTier.pro").getList("data.externalId"))
        .containsExactly("user-a");
    assertThat(users("?search=ALICE@").getList("data.externalId")).containsExactly("user-a");

    long userA = users.getLong("data[0].id");
    assertThat(run(sdk.id("first")).getString("user.externalId")).isEqualTo("user-a");
    assertThat(run(sdk.id("third")).getString("user.externalId")).isEqualTo("user-a");
    JsonPath detail =
        api().get("/v1/external-users/" + userA).then().statusCode(200).extract().jsonPath();
    assertThat(detail.getLong("runCount")).isEqualTo(2);
    assertThat(detail.getLong("promptTokens")).isEqualTo(3);

    api().delete("/v1/external-users/" + userA).then().statusCode(204);

    api().get("/v1/runs/" + sdk.id("first")).then().statusCode(404);
    api().get("/v1/runs/" + sdk.id("third")).then().statusCode(404);
    assertThat(run(sdk.id("second")).getString("user.externalId")).isEqualTo("user-b");
    assertThat(users("").getList("data.externalId")).containsExactly("user-b");
  }

  @Test
  void publicKeyOnly_ingestsAndReadsFeedbackButCannotScore() {
    SdkRun sdk = LunarySdk.run("public-key", server.baseUrl(), project.publicKey(), null);
    sdk.assertEveryIngestAccepted();
    JsonNode feedback = sdk.get("feedback");
    assertThat(feedback.path("ok").asBoolean()).as(sdk.context()).isTrue();
    assertThat(feedback.path("value").path("thumb").asText()).isEqualTo("up");
    assertThat(sdk.get("score").path("ok").asBoolean()).isFalse();
    assertThat(sdk.exchanges("/v1/runs/" + sdk.id("llm") + "/score"))
        .containsExactly("PATCH /v1/runs/" + sdk.id("llm") + "/score 403");

    JsonPath llm = run(sdk.id("llm"));
    assertThat(llm.getString("status")).isEqualTo("success");
    assertThat(llm.getString("feedback.thumb")).isEqualTo("up");
    assertThat(llm.getList("tags")).containsExactly("public");
    assertThat(llm.getList("scores")).isEmpty();
  }

  @Test
  void templates_renderTemplate_fillsVariablesAndCarriesTheLatestVersionId() {
    api()
        .contentType("application/json")
        .body(
            Map.of(
                "slug",
                "chat-tpl",
                "mode",
                "openai",
                "content",
                List.of(
                    Map.of("role", "system", "content", "You are {{persona}}."),
                    Map.of("role", "user", "content", "Hello, my name is {{name}}")),
                "extra",
                Map.of("model", "gpt-4o-mini", "temperature", 0.3),
                "isDraft",
                false))
        .post("/v1/templates")
        .then()
        .statusCode(200);
    String versionId =
        api()
            .queryParam("slug", "chat-tpl")
            .get("/v1/template_versions/latest")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("id");

    SdkRun sdk = sdk("templates");

    JsonNode chat = sdk.get("chat");
    assertThat(chat.path("ok").asBoolean()).as(sdk.context()).isTrue();
    JsonNode rendered = chat.path("value");
    assertThat(rendered.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(rendered.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(rendered.path("templateId").asText()).isEqualTo(versionId);
    assertThat(rendered.path("messages").get(0).path("content").asText())
        .isEqualTo("You are a pirate.");
    assertThat(rendered.path("messages").get(1).path("content").asText())
        .isEqualTo("Hello, my name is Ann");
    JsonNode missing = sdk.get("missing");
    assertThat(missing.path("ok").asBoolean()).isFalse();
    assertThat(missing.path("error").asText()).contains("Template not found");
  }
}
