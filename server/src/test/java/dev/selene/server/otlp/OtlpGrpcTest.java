package dev.selene.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK's OTLP/gRPC exporters against Selene's gRPC port. */
class OtlpGrpcTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns runs = new StoredRuns(server, project);

  @Test
  void grpcExporter_genAiSpans_storedLikeHttp() {
    List<SpanData> spans;
    try (SdkSpans sdk =
        new SdkSpans(Attributes.of(AttributeKey.stringKey("service.name"), "grpc-app"))) {
      Span root =
          sdk.tracer
              .spanBuilder("workflow")
              .setParent(Context.root())
              .setStartTimestamp(T0)
              .setAttribute("traceloop.span.kind", "workflow")
              .startSpan();
      sdk.tracer
          .spanBuilder("chat")
          .setParent(Context.root().with(root))
          .setStartTimestamp(T0.plusMillis(10))
          .setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.request.model", "gpt-4o-mini")
          .setAttribute("gen_ai.usage.input_tokens", 11L)
          .setAttribute("gen_ai.usage.output_tokens", 2L)
          .setAttribute("lunary.user.id", "grpc-user")
          .startSpan()
          .end(T0.plusMillis(500));
      root.end(T0.plusMillis(600));
      spans = sdk.spans();
    }

    SdkSpans.exportOrFail(
        Exporters.grpc("http://localhost:" + server.grpcPort(), project.publicKey()), spans);

    SpanData chat =
        spans.stream().filter(s -> s.getName().equals("chat")).findFirst().orElseThrow();
    Map<String, Object> run = runs.bySpanId(chat.getSpanId());
    assertThat(run.get("type")).isEqualTo("llm");
    assertThat(run.get("name")).isEqualTo("gpt-4o-mini");
    assertThat(run.get("prompt_tokens")).isEqualTo(11);
    assertThat(run.get("user_external_id")).isEqualTo("grpc-user");
    assertThat(run.get("parent_run_id")).isNotNull();
    assertThat(StoredRuns.json(run, "metadata").path("service.name").asText())
        .isEqualTo("grpc-app");
    assertThat(runs.all()).hasSize(2);
  }

  @Test
  void grpcExporter_wrongKey_exportFails() {
    List<SpanData> spans;
    try (SdkSpans sdk = new SdkSpans(Attributes.empty())) {
      sdk.tracer.spanBuilder("x").startSpan().end();
      spans = sdk.spans();
    }
    var exporter = Exporters.grpc("http://localhost:" + server.grpcPort(), "not-a-key");

    CompletableResultCode result = exporter.export(spans).join(20, TimeUnit.SECONDS);
    exporter.shutdown();

    assertThat(result.isSuccess()).isFalse();
    assertThat(runs.all()).isEmpty();
  }

  @Test
  void grpcLogExporter_genAiMessageEvents_becomeTheSpansInputAndOutput() {
    List<SpanData> spans;
    List<LogRecordData> logs;
    try (SdkSpans sdk = new SdkSpans(Attributes.empty());
        SdkLogs sdkLogs = new SdkLogs()) {
      Span chat =
          sdk.tracer
              .spanBuilder("chat")
              .setParent(Context.root())
              .setStartTimestamp(T0)
              .setAttribute("gen_ai.operation.name", "chat")
              .setAttribute("gen_ai.request.model", "gpt-4o")
              .startSpan();
      Context inChat = Context.root().with(chat);
      sdkLogs.emit(inChat, "gen_ai.system.message", Map.of("content", "Be nice."), T0);
      sdkLogs.emit(inChat, "gen_ai.user.message", Map.of("content", "Hi"), T0);
      sdkLogs.emit(
          inChat,
          "gen_ai.choice",
          Map.of("index", 0, "finish_reason", "stop", "message", Map.of("content", "Hello!")),
          T0.plusMillis(700));
      sdkLogs.emitPlain(inChat, "retrying once", T0.plusMillis(100));
      chat.end(T0.plusMillis(800));
      spans = sdk.spans();
      logs = sdkLogs.records();
    }
    var logExporter =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint("http://localhost:" + server.grpcPort())
            .addHeader("x-api-key", project.privateKey())
            .build();
    assertThat(logExporter.export(logs).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    logExporter.shutdown();
    SdkSpans.exportOrFail(
        Exporters.grpc("http://localhost:" + server.grpcPort(), project.publicKey()), spans);

    Map<String, Object> run = runs.bySpanId(spans.get(0).getSpanId());
    assertThat(StoredRuns.json(run, "input").toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Be nice.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
    assertThat(StoredRuns.json(run, "output").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"Hello!\"}");
    List<Map<String, Object>> children =
        runs.query(
            "select * from run where project_id = ? and parent_run_id = ?",
            project.id(),
            run.get("id"));
    assertThat(children).hasSize(1);
    assertThat(children.get(0).get("type")).isEqualTo("log");
    assertThat(((JsonNode) children.get(0).get("input")).asText()).isEqualTo("retrying once");
  }
}
