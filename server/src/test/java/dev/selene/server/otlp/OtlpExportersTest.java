package dev.selene.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry Java SDK's real exporters send a GenAI agent trace (agent → llm, tool, failing
 * tool) to Selene; each encoding must produce the same runs.
 */
class OtlpExportersTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final TestServer server = TestServer.shared();

  @Test
  void httpProtobufExporter_genAiAgentTrace_storesRunTreeWithTokensUserTagsAndError() {
    assertAgentTraceStored(
        (url, key) -> Exporters.httpProtobuf(url + "/v1/traces", key, false), "/v1/traces");
  }

  @Test
  void httpProtobufExporter_gzipToLunaryOtelPath_storesTheSameRuns() {
    assertAgentTraceStored(
        (url, key) -> Exporters.httpProtobuf(url + "/v1/otel/v1/traces", key, true), "gzip");
  }

  @Test
  void httpJsonExporter_xAuthTokenToLangWatchPath_storesTheSameRuns() {
    assertAgentTraceStored(
        (url, key) -> Exporters.httpJson(url + "/api/otel/v1/traces", "X-Auth-Token", key, true),
        "json");
  }

  /**
   * The SDK's JSON mode declares the protobuf size as Content-Length when not compressing (an SDK
   * bug), so uncompressed OTLP/JSON is sent here as any JavaScript exporter sends it: the SDK's own
   * JSON encoding of the spans, in one POST.
   */
  @Test
  void sdkJsonEncoding_apiKeyHeaderUncompressed_storesTheSameRuns() {
    assertAgentTraceStored(
        (url, key) -> Exporters.plainJsonPost(url + "/v1/traces", "X-API-Key", key), "json");
  }

  private void assertAgentTraceStored(
      BiFunction<String, String, SpanExporter> exporterFor, String label) {
    TestProject project = server.newProject();
    StoredRuns runs = new StoredRuns(server, project);
    List<SpanData> spans = agentTrace();

    SdkSpans.exportOrFail(exporterFor.apply(server.baseUrl(), project.publicKey()), spans);

    SpanData agent = find(spans, "invoke_agent weather");
    SpanData llm = find(spans, "chat gpt-4o");
    SpanData tool = find(spans, "execute_tool get_weather");
    SpanData failing = find(spans, "execute_tool book_hotel");

    Map<String, Object> root = runs.bySpanId(agent.getSpanId());
    assertThat(root).as(label).isNotNull();
    assertThat(root.get("type")).isEqualTo("agent");
    assertThat(root.get("name")).isEqualTo("weather");
    assertThat(root.get("parent_run_id")).isNull();
    assertThat(root.get("status")).isEqualTo("success");
    assertThat(root.get("user_external_id")).isEqualTo("user-123");
    assertThat(root.get("tags")).isEqualTo(List.of("beta", "experiment-7"));
    assertThat(root.get("duration_text")).isEqualTo("00:00:03");
    assertThat(root.get("runtime")).isEqualTo("otlp");
    JsonNode rootMeta = StoredRuns.json(root, "metadata");
    assertThat(rootMeta.path("service.name").asText()).isEqualTo("hotel-bot");
    assertThat(rootMeta.path("deployment.environment").asText()).isEqualTo("test");
    assertThat(rootMeta.path("threadId").asText()).isEqualTo("conv-9");
    assertThat(rootMeta.path("app.feature").asText()).as("unmapped kept").isEqualTo("search");
    assertThat(rootMeta.path("otel").path("traceId").asText()).isEqualTo(agent.getTraceId());
    assertThat(rootMeta.path("otel").path("mapping").path("userId").asText())
        .isEqualTo("lunary.user.id");

    Map<String, Object> call = runs.bySpanId(llm.getSpanId());
    assertThat(call.get("type")).isEqualTo("llm");
    assertThat(call.get("name")).isEqualTo("gpt-4o");
    assertThat(call.get("parent_run_id")).isEqualTo(RunIds.normalize(agent.getSpanId()));
    assertThat(call.get("prompt_tokens")).isEqualTo(25);
    assertThat(call.get("completion_tokens")).isEqualTo(7);
    assertThat(call.get("cached_prompt_tokens")).isEqualTo(5);
    // gpt-4o list price on 2025-03-01: $2.50 input, $1.25 cached input, $10 output per 1M tokens.
    assertThat((Double) call.get("cost"))
        .isCloseTo(
            (20 * 2.50 + 5 * 1.25 + 7 * 10.0) / 1e6, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(call.get("duration_text")).isEqualTo("00:00:01.2");
    assertThat(StoredRuns.json(call, "input").toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"You are a travel agent.\"},"
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]");
    assertThat(StoredRuns.json(call, "output").toString())
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":null,\"toolCalls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}");
    assertThat(StoredRuns.json(call, "params").toString())
        .isEqualTo("{\"maxTokens\":100,\"temperature\":0.2}");
    JsonNode mapping = StoredRuns.json(call, "metadata").path("otel").path("mapping");
    assertThat(mapping.path("name").asText()).isEqualTo("gen_ai.request.model");
    assertThat(mapping.path("input").asText())
        .isEqualTo("gen_ai.system_instructions + gen_ai.input.messages");
    assertThat(mapping.path("tokens.prompt").asText()).isEqualTo("gen_ai.usage.input_tokens");
    assertThat(mapping.path("params.temperature").asText()).isEqualTo("gen_ai.request.temperature");
    assertThat(
            StoredRuns.json(call, "metadata")
                .path("otel")
                .path("usage")
                .path("reasoningTokens")
                .asInt())
        .isEqualTo(3);

    Map<String, Object> weather = runs.bySpanId(tool.getSpanId());
    assertThat(weather.get("type")).isEqualTo("tool");
    assertThat(weather.get("name")).isEqualTo("get_weather");
    assertThat(StoredRuns.json(weather, "input").toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(StoredRuns.json(weather, "output").toString()).isEqualTo("{\"tempC\":18}");

    Map<String, Object> booking = runs.bySpanId(failing.getSpanId());
    assertThat(booking.get("type")).isEqualTo("tool");
    assertThat(booking.get("status")).isEqualTo("error");
    JsonNode error = StoredRuns.json(booking, "error");
    assertThat(error.path("message").asText()).isEqualTo("no rooms left");
    assertThat(error.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.path("stack").asText()).contains("IllegalStateException: no rooms left");

    assertThat(runs.all()).hasSize(4);
    assertThroughRunsApi(project, agent, llm);
  }

  /** What users see: the run detail (with its mapping provenance) and the trace tree. */
  private void assertThroughRunsApi(TestProject project, SpanData agent, SpanData llm) {
    String rootId = RunIds.normalize(agent.getSpanId()).toString();
    JsonNode detail =
        io.restassured.RestAssured.given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.privateKey())
            .get("/v1/runs/" + RunIds.normalize(llm.getSpanId()))
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);
    assertThat(detail.path("type").asText()).isEqualTo("llm");
    assertThat(detail.path("name").asText()).isEqualTo("gpt-4o");
    assertThat(detail.path("parentRunId").asText()).isEqualTo(rootId);
    assertThat(detail.path("tokens").path("prompt").asInt()).isEqualTo(25);
    assertThat(detail.path("tokens").path("completion").asInt()).isEqualTo(7);
    assertThat(detail.path("cost").asDouble()).isGreaterThan(0);
    assertThat(detail.path("user").path("externalId").asText()).isEqualTo("user-123");
    assertThat(detail.path("metadata").path("otel").path("mapping").path("tokens.prompt").asText())
        .isEqualTo("gen_ai.usage.input_tokens");
    JsonNode tree =
        io.restassured.RestAssured.given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.privateKey())
            .get("/v1/runs/" + rootId + "/related")
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);
    assertThat(tree).hasSize(4);
  }

  /** agent (3 s) → chat (1.2 s), get_weather, book_hotel (fails). */
  private static List<SpanData> agentTrace() {
    try (SdkSpans sdk =
        new SdkSpans(
            Attributes.of(
                AttributeKey.stringKey("service.name"),
                "hotel-bot",
                AttributeKey.stringKey("deployment.environment"),
                "test"))) {
      Span agent =
          sdk.tracer
              .spanBuilder("invoke_agent weather")
              .setParent(Context.root())
              .setStartTimestamp(T0)
              .setAttribute("gen_ai.operation.name", "invoke_agent")
              .setAttribute("gen_ai.agent.name", "weather")
              .setAttribute("gen_ai.conversation.id", "conv-9")
              .setAttribute("lunary.user.id", "user-123")
              .setAttribute(
                  AttributeKey.stringArrayKey("lunary.tags"), List.of("beta", "experiment-7"))
              .setAttribute("app.feature", "search")
              .startSpan();
      Context inAgent = Context.root().with(agent);
      sdk.tracer
          .spanBuilder("chat gpt-4o")
          .setParent(inAgent)
          .setSpanKind(SpanKind.CLIENT)
          .setStartTimestamp(T0.plusMillis(100))
          .setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.provider.name", "openai")
          .setAttribute("gen_ai.request.model", "gpt-4o")
          .setAttribute("gen_ai.request.temperature", 0.2)
          .setAttribute("gen_ai.request.max_tokens", 100L)
          .setAttribute(
              "gen_ai.system_instructions",
              "[{\"type\":\"text\",\"content\":\"You are a travel agent.\"}]")
          .setAttribute(
              "gen_ai.input.messages",
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]")
          .setAttribute(
              "gen_ai.output.messages",
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                  + "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}],"
                  + "\"finish_reason\":\"tool_call\"}]")
          .setAttribute("gen_ai.usage.input_tokens", 25L)
          .setAttribute("gen_ai.usage.output_tokens", 7L)
          .setAttribute("gen_ai.usage.cache_read.input_tokens", 5L)
          .setAttribute("gen_ai.usage.reasoning_tokens", 3L)
          .startSpan()
          .end(T0.plusMillis(1300));
      sdk.tracer
          .spanBuilder("execute_tool get_weather")
          .setParent(inAgent)
          .setStartTimestamp(T0.plusMillis(1400))
          .setAttribute("gen_ai.operation.name", "execute_tool")
          .setAttribute("gen_ai.tool.name", "get_weather")
          .setAttribute("gen_ai.tool.call.id", "call_1")
          .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}")
          .setAttribute("gen_ai.tool.call.result", "{\"tempC\":18}")
          .startSpan()
          .end(T0.plusMillis(1500));
      Span booking =
          sdk.tracer
              .spanBuilder("execute_tool book_hotel")
              .setParent(inAgent)
              .setStartTimestamp(T0.plusMillis(1600))
              .setAttribute("gen_ai.operation.name", "execute_tool")
              .setAttribute("gen_ai.tool.name", "book_hotel")
              .startSpan();
      booking.recordException(new IllegalStateException("no rooms left"));
      booking.setStatus(StatusCode.ERROR, "booking failed");
      booking.end(T0.plusMillis(1700));
      agent.end(T0.plusMillis(3000));
      return sdk.spans();
    }
  }

  private static SpanData find(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }
}
