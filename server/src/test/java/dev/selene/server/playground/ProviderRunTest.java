package dev.selene.server.playground;

import static dev.selene.server.playground.PlaygroundTestSupport.json;
import static dev.selene.server.playground.PlaygroundTestSupport.playgroundRuns;
import static dev.selene.server.playground.PlaygroundTestSupport.priv;
import static dev.selene.server.playground.PlaygroundTestSupport.providerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.playground.FakeUpstream.Recorded;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Running prompts against providers (a local fake speaking OpenAI's and Anthropic's protocols). */
class ProviderRunTest {
  static final List<String> OPENAI_STREAM =
      List.of(
          "data: {\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
          "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}",
          "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo world\"},\"finish_reason\":null}]}",
          "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
          "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}",
          "data: [DONE]");

  static final String OPENAI_ANSWER =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Ahoy, Ann!\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":4,\"total_tokens\":25}}";

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final FakeUpstream fake = new FakeUpstream();

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private RequestSpecification priv() {
    return PlaygroundTestSupport.priv(server.baseUrl(), project);
  }

  private String openAiConfig() {
    return providerConfig(server.baseUrl(), project, "openai", fake.url() + "/v1", List.of());
  }

  private static Map<String, Object> chatRun(boolean stream) {
    return Map.of(
        "content",
        List.of(
            Map.of("role", "system", "content", "You are {{persona}}."),
            Map.of("role", "user", "content", "Hello, my name is {{name}}")),
        "extra",
        Map.of("model", "gpt-4o", "temperature", 0.2, "max_tokens", 50, "stream", stream),
        "variables",
        Map.of("persona", "a pirate", "name", "Ann"));
  }

  @Test
  void openAi_nonStreamed_returnsTheAnswerAndSendsTheRenderedPrompt() throws Exception {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.json(200, OPENAI_ANSWER));

    priv()
        .body(chatRun(false))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("runId", notNullValue())
        .body("provider", equalTo("openai"))
        .body("model", equalTo("gpt-4o"))
        .body("message.role", equalTo("assistant"))
        .body("message.content", equalTo("Ahoy, Ann!"))
        .body("finishReason", equalTo("stop"))
        .body("usage.promptTokens", equalTo(21))
        .body("usage.completionTokens", equalTo(4))
        .body("usage.totalTokens", equalTo(25));

    Recorded sent = fake.last();
    assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-openai-0123456789");
    assertThat(sent.body().path("model").asText()).isEqualTo("gpt-4o");
    assertThat(sent.body().path("messages").get(0).path("content").asText())
        .isEqualTo("You are a pirate.");
    assertThat(sent.body().path("messages").get(1).path("content").asText())
        .isEqualTo("Hello, my name is Ann");
    assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(50);
    assertThat(sent.body().has("stream")).isFalse();
  }

  @Test
  void openAi_run_isRecordedAsAnLlmRunOfTheProject() throws Exception {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.json(200, OPENAI_ANSWER));
    String runId =
        priv().body(chatRun(false)).post("/v1/playground").then().extract().path("runId");

    List<Map<String, Object>> runs = playgroundRuns(server.db(), project.id());
    assertThat(runs).hasSize(1);
    Map<String, Object> run = runs.get(0);
    assertThat(run.get("id").toString()).isEqualTo(runId);
    assertThat(run.get("type")).isEqualTo("llm");
    assertThat(run.get("name")).isEqualTo("gpt-4o");
    assertThat(run.get("status")).isEqualTo("success");
    assertThat(run.get("tags")).isEqualTo(List.of("playground"));
    assertThat(run.get("prompt_tokens")).isEqualTo(21);
    assertThat(run.get("completion_tokens")).isEqualTo(4);
    assertThat(json(run.get("input")).get(1).path("content").asText())
        .isEqualTo("Hello, my name is Ann");
    assertThat(json(run.get("output")).path("content").asText()).isEqualTo("Ahoy, Ann!");
    assertThat(json(run.get("params")).path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(json(run.get("metadata")).path("provider").asText()).isEqualTo("openai");
    assertThat(run.get("created_at")).isNotNull();
    assertThat(run.get("ended_at")).isNotNull();
  }

  @Test
  void openAi_streamed_sendsEachPieceBeforeTheProviderHasFinished() throws Exception {
    openAiConfig();
    CountDownLatch resume = new CountDownLatch(1);
    fake.on("/v1/chat/completions", FakeUpstream.sse(OPENAI_STREAM, 2, resume));

    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/playground"))
            .header("Authorization", "Bearer " + project.privateKey())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    FakeUpstream.JSON.writeValueAsString(chatRun(true))))
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-ndjson");
    Iterator<String> lines = response.body().iterator();

    JsonNode first = json(lines.next()); // arrives while the provider is still paused
    assertThat(first.path("type").asText()).isEqualTo("delta");
    assertThat(first.path("content").asText()).isEqualTo("Hel");
    resume.countDown();
    List<JsonNode> rest = new ArrayList<>();
    lines.forEachRemaining(l -> rest.add(uncheckedJson(l)));

    assertThat(rest.get(0).path("content").asText()).isEqualTo("lo world");
    JsonNode end = rest.get(rest.size() - 1);
    assertThat(end.path("type").asText()).isEqualTo("end");
    assertThat(end.path("message").path("content").asText()).isEqualTo("Hello world");
    assertThat(end.path("finishReason").asText()).isEqualTo("stop");
    assertThat(end.path("usage").path("promptTokens").asInt()).isEqualTo(9);
    assertThat(end.path("usage").path("completionTokens").asInt()).isEqualTo(3);
    assertThat(fake.last().body().path("stream").asBoolean()).isTrue();
    assertThat(fake.last().body().path("stream_options").path("include_usage").asBoolean())
        .isTrue();
    assertThat(playgroundRuns(server.db(), project.id()).get(0).get("completion_tokens"))
        .isEqualTo(3);
  }

  private static JsonNode uncheckedJson(String line) {
    try {
      return json(line);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }

  @Test
  void openAi_streamedToolCalls_areAssembledIntoTheFinalMessage() {
    openAiConfig();
    fake.on(
        "/v1/chat/completions",
        FakeUpstream.sse(
            List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "data: [DONE]")));
    String body =
        priv()
            .body(
                Map.of(
                    "content",
                    "Weather in Paris?",
                    "extra",
                    Map.of(
                        "model",
                        "gpt-4o",
                        "tools",
                        List.of(
                            Map.of(
                                "type",
                                "function",
                                "function",
                                Map.of(
                                    "name",
                                    "get_weather",
                                    "parameters",
                                    Map.of("type", "object"))))),
                    "stream",
                    true))
            .post("/v1/playground")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String[] lines = body.trim().split("\n");
    JsonNode end = uncheckedJson(lines[lines.length - 1]);
    assertThat(end.path("finishReason").asText()).isEqualTo("tool_calls");
    JsonNode call = end.path("message").path("tool_calls").get(0);
    assertThat(call.path("id").asText()).isEqualTo("call_1");
    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(fake.last().body().path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(fake.last().body().path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("get_weather");
  }

  @Test
  void anthropic_nonStreamed_translatesRequestAndAnswer() {
    providerConfig(server.baseUrl(), project, "anthropic", fake.url(), List.of());
    fake.on(
        "/v1/messages",
        FakeUpstream.json(
            200,
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Ahoy\"},{\"type\":\"tool_use\",\"id\":\"tu_1\","
                + "\"name\":\"lookup\",\"input\":{\"q\":\"x\"}}],\"stop_reason\":\"tool_use\","
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":6}}"));

    priv()
        .body(
            Map.of(
                "content",
                List.of(
                    Map.of("role", "system", "content", "Be {{tone}}."),
                    Map.of("role", "user", "content", "Hi")),
                "extra",
                Map.of("model", "claude-sonnet-4-5", "temperature", 0.5, "stop", "END"),
                "variables",
                Map.of("tone", "brief")))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("provider", equalTo("anthropic"))
        .body("message.content", equalTo("Ahoy"))
        .body("message.tool_calls[0].id", equalTo("tu_1"))
        .body("message.tool_calls[0].function.name", equalTo("lookup"))
        .body("message.tool_calls[0].function.arguments", equalTo("{\"q\":\"x\"}"))
        .body("finishReason", equalTo("tool_calls"))
        .body("usage.promptTokens", equalTo(12))
        .body("usage.completionTokens", equalTo(6));

    Recorded sent = fake.last();
    assertThat(sent.header("x-api-key")).isEqualTo("sk-test-anthropic-0123456789");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.body().path("system").asText()).isEqualTo("Be brief.");
    assertThat(sent.body().path("messages")).hasSize(1);
    assertThat(sent.body().path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(sent.body().path("stop_sequences").get(0).asText()).isEqualTo("END");
    assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.5);
  }

  @Test
  void anthropic_streamed_passesTextDeltasAndUsage() {
    providerConfig(server.baseUrl(), project, "anthropic", fake.url(), List.of());
    fake.on(
        "/v1/messages",
        FakeUpstream.sse(
            List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Ahoy\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}")));

    String body =
        priv()
            .body(
                Map.of(
                    "content", "Hi", "extra", Map.of("model", "claude-3-5-haiku", "stream", true)))
            .post("/v1/playground")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<JsonNode> lines = body.trim().lines().map(ProviderRunTest::uncheckedJson).toList();
    assertThat(lines)
        .extracting(l -> l.path("type").asText())
        .containsExactly("delta", "delta", "end");
    assertThat(lines.get(0).path("content").asText()).isEqualTo("Ahoy");
    JsonNode end = lines.get(2);
    assertThat(end.path("message").path("content").asText()).isEqualTo("Ahoy there");
    assertThat(end.path("finishReason").asText()).isEqualTo("stop");
    assertThat(end.path("usage").path("promptTokens").asInt()).isEqualTo(12);
    assertThat(end.path("usage").path("completionTokens").asInt()).isEqualTo(5);
    assertThat(fake.last().body().path("stream").asBoolean()).isTrue();
  }

  @Test
  void templateVersion_run_usesItsContentExtraAndTestValuesAndCountsInItsUsage() {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.json(200, OPENAI_ANSWER));
    io.restassured.path.json.JsonPath template =
        priv()
            .body(
                Map.of(
                    "slug",
                    "pirate",
                    "content",
                    List.of(Map.of("role", "user", "content", "I am {{name}}")),
                    "extra",
                    Map.of("model", "gpt-4o", "temperature", 0.7),
                    "testValues",
                    Map.of("name", "Ann")))
            .post("/v1/templates")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    long versionId = template.getLong("versions[0].id");

    priv()
        .body(Map.of("templateVersionId", versionId))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("templateVersionId", equalTo((int) versionId));
    assertThat(fake.last().body().path("messages").get(0).path("content").asText())
        .isEqualTo("I am Ann");
    assertThat(fake.last().body().path("temperature").asDouble()).isEqualTo(0.7);

    priv()
        .get("/v1/templates/" + template.getLong("id") + "/usage")
        .then()
        .body("versions[0].runs", equalTo(1))
        .body("versions[0].promptTokens", equalTo(21))
        .body("versions[0].completionTokens", equalTo(4));
  }

  @Test
  void providerConfigModels_routeTheirModelToThatConfig() {
    providerConfig(
        server.baseUrl(),
        project,
        "openai_compatible",
        fake.url() + "/custom/v1",
        List.of("my-llama"));
    fake.on("/custom/v1/chat/completions", FakeUpstream.json(200, OPENAI_ANSWER));
    priv()
        .body(Map.of("content", "hi", "extra", Map.of("model", "my-llama")))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("provider", equalTo("openai_compatible"));
    assertThat(fake.last().body().path("model").asText()).isEqualTo("my-llama");
  }

  @Test
  void upstream401_becomes502NamingTheProviderAndIsRecordedAsAnError() throws Exception {
    String config = openAiConfig();
    fake.on(
        "/v1/chat/completions",
        FakeUpstream.json(
            401,
            "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
    priv()
        .body(chatRun(true))
        .post("/v1/playground")
        .then()
        .statusCode(502)
        .body("error", equalTo("Bad Gateway"))
        .body(
            "message",
            equalTo("OpenAI refused the credentials (HTTP 401): Incorrect API key provided"))
        .body("details.upstreamStatus", equalTo(401))
        .body("details.credentials", equalTo("provider config " + config));
    Map<String, Object> run = playgroundRuns(server.db(), project.id()).get(0);
    assertThat(run.get("status")).isEqualTo("error");
    assertThat(json(run.get("error")).path("message").asText()).contains("HTTP 401");
  }

  @Test
  void upstream429_becomes429WithRetryAfter() {
    openAiConfig();
    fake.on(
        "/v1/chat/completions",
        FakeUpstream.json(
            429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("Retry-After", "7")));
    priv()
        .body(chatRun(false))
        .post("/v1/playground")
        .then()
        .statusCode(429)
        .header("Retry-After", "7")
        .body("message", containsString("OpenAI is rate limiting (HTTP 429): Rate limit reached"));
  }

  @Test
  void upstream5xxAnd400_become502And422() {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.json(503, "upstream overloaded"));
    priv()
        .body(chatRun(false))
        .post("/v1/playground")
        .then()
        .statusCode(502)
        .body("message", equalTo("OpenAI failed (HTTP 503): upstream overloaded"));
    fake.on(
        "/v1/chat/completions",
        FakeUpstream.json(404, "{\"error\":{\"message\":\"The model `gpt-9` does not exist\"}}"));
    priv()
        .body(chatRun(false))
        .post("/v1/playground")
        .then()
        .statusCode(422)
        .body(
            "message",
            containsString("rejected the request (HTTP 404): The model `gpt-9` does not exist"));
  }

  @Test
  void malformedStream_beforeAnyPiece_becomes502() {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.sse(List.of("data: {not json")));
    priv()
        .body(chatRun(true))
        .post("/v1/playground")
        .then()
        .statusCode(502)
        .body("message", containsString("OpenAI sent a malformed response"));
  }

  @Test
  void streamCutAfterAPiece_endsWithAnErrorLine() {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.sse(OPENAI_STREAM.subList(0, 2)));
    String body =
        priv()
            .body(chatRun(true))
            .post("/v1/playground")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<JsonNode> lines = body.trim().lines().map(ProviderRunTest::uncheckedJson).toList();
    assertThat(lines.get(0).path("content").asText()).isEqualTo("Hel");
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("error");
    assertThat(last.path("error").path("status").asInt()).isEqualTo(502);
    assertThat(last.path("error").path("message").asText())
        .isEqualTo(
            "OpenAI sent a malformed response: the stream ended before the answer was complete");
  }

  @Test
  void inStreamProviderError_endsWithAnErrorLineQuotingIt() {
    openAiConfig();
    fake.on(
        "/v1/chat/completions",
        FakeUpstream.sse(
            List.of(
                OPENAI_STREAM.get(1),
                "data: {\"error\":{\"message\":\"The server had an error while processing your request\"}}")));
    String body =
        priv()
            .body(chatRun(true))
            .post("/v1/playground")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String[] lines = body.trim().split("\n");
    assertThat(uncheckedJson(lines[lines.length - 1]).path("error").path("message").asText())
        .isEqualTo(
            "OpenAI reported an error: The server had an error while processing your request");
  }

  @Test
  void unreachableProvider_becomes502NamingIt() {
    String closed = fake.url();
    fake.close();
    providerConfig(server.baseUrl(), project, "openai", closed + "/v1", List.of());
    priv()
        .body(chatRun(false))
        .post("/v1/playground")
        .then()
        .statusCode(502)
        .body("message", containsString("Cannot reach OpenAI at " + closed));
  }

  @Test
  void noCredentials_returns400NamingTheVariable() {
    priv()
        .body(Map.of("content", "hi", "extra", Map.of("model", "claude-sonnet-4-5")))
        .post("/v1/playground")
        .then()
        .statusCode(400)
        .body("message", containsString("ANTHROPIC_API_KEY"));
  }

  @Test
  void badRequests_return4xxNamingTheField() {
    priv()
        .body(Map.of("content", "hi"))
        .post("/v1/playground")
        .then()
        .statusCode(422)
        .body("message", containsString("extra.model"));
    priv()
        .body(Map.of("extra", Map.of("model", "gpt-4o")))
        .post("/v1/playground")
        .then()
        .statusCode(422)
        .body("message", containsString("content"));
    priv()
        .body(Map.of("templateVersionId", 999999999))
        .post("/v1/playground")
        .then()
        .statusCode(404)
        .body("message", equalTo("Template version not found"));
    priv()
        .body(Map.of("content", "hi", "extra", Map.of("model", "gpt-4o"), "provider", "bedrock"))
        .post("/v1/playground")
        .then()
        .statusCode(422)
        .body("message", containsString("provider"));
    priv()
        .body(
            Map.of(
                "content",
                "hi",
                "extra",
                Map.of("model", "x"),
                "provider",
                java.util.UUID.randomUUID().toString()))
        .post("/v1/playground")
        .then()
        .statusCode(404)
        .body("message", equalTo("Provider config not found"));
  }

  @Test
  void referencePath_orgsPlayground_runsAndPricesTheCall() {
    openAiConfig();
    fake.on("/v1/chat/completions", FakeUpstream.json(200, OPENAI_ANSWER));
    double cost =
        priv()
            .body(chatRun(false))
            .post("/v1/orgs/" + project.orgId() + "/playground")
            .then()
            .statusCode(200)
            .body("message.content", equalTo("Ahoy, Ann!"))
            .extract()
            .jsonPath()
            .getDouble("cost");
    // gpt-4o list price: $2.50 per 1M prompt tokens, $10 per 1M completion tokens.
    assertThat(cost).isCloseTo(21 * 2.5e-6 + 4 * 10e-6, org.assertj.core.data.Offset.offset(1e-9));
  }
}
