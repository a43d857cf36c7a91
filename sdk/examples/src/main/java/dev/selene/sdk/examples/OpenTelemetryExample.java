package dev.selene.sdk.examples;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sending OpenTelemetry GenAI spans from Java to Selene, for applications already instrumented with
 * OpenTelemetry: the standard OTLP/HTTP exporter pointed at {@code {LUNARY_API_URL}/v1/otel} with
 * the project key as a bearer token. An agent span with a chat span and a tool span becomes an
 * agent run with an LLM run and a tool run as children.
 */
public final class OpenTelemetryExample {
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");

  private OpenTelemetryExample() {}

  public static void main(String[] args) {
    String url = System.getenv().getOrDefault("LUNARY_API_URL", "http://localhost:3333");
    String key = System.getenv("LUNARY_PUBLIC_KEY");
    if (key == null || key.isBlank()) {
      System.err.println("Set LUNARY_API_URL and LUNARY_PUBLIC_KEY first.");
      System.exit(2);
    }
    System.exit(run(url, key, System.out) ? 0 : 1);
  }

  /** The exporter, counting failed exports (a flush succeeds even when its export failed). */
  private static SpanExporter recording(SpanExporter exporter, AtomicInteger failures) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = exporter.export(spans);
        result.whenComplete(
            () -> {
              if (!result.isSuccess()) failures.incrementAndGet();
            });
        return result;
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }
    };
  }

  /** Emits one trace, exports it and prints its trace id; returns whether the export succeeded. */
  public static boolean run(String apiUrl, String key, PrintStream out) {
    AtomicInteger failures = new AtomicInteger();
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(apiUrl + "/v1/otel/v1/traces")
            .addHeader("Authorization", "Bearer " + key)
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "otel-example"))))
            .addSpanProcessor(BatchSpanProcessor.builder(recording(exporter, failures)).build())
            .build();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    Tracer tracer = otel.getTracer("dev.selene.sdk.examples");

    Span agent =
        tracer
            .spanBuilder("invoke_agent weather-agent")
            .setAttribute(OPERATION, "invoke_agent")
            .setAttribute("gen_ai.agent.name", "weather-agent")
            .setAttribute("lunary.user.id", "otel-user")
            .setAttribute(AttributeKey.stringArrayKey("lunary.tags"), List.of("otel"))
            .startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      Span tool =
          tracer
              .spanBuilder("execute_tool get-weather")
              .setAttribute(OPERATION, "execute_tool")
              .setAttribute("gen_ai.tool.name", "get-weather")
              .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}")
              .setAttribute("gen_ai.tool.call.result", "{\"temperature\":21}")
              .startSpan();
      tool.end();

      Span chat =
          tracer
              .spanBuilder("chat gpt-4o-mini")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(OPERATION, "chat")
              .setAttribute("gen_ai.provider.name", "openai")
              .setAttribute("gen_ai.request.model", "gpt-4o-mini")
              .setAttribute("gen_ai.request.temperature", 0.2)
              .setAttribute(
                  "gen_ai.input.messages",
                  "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]")
              .setAttribute(
                  "gen_ai.output.messages",
                  "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny, 21°C.\"}],"
                      + "\"finish_reason\":\"stop\"}]")
              .setAttribute("gen_ai.usage.input_tokens", 12L)
              .setAttribute("gen_ai.usage.output_tokens", 5L)
              .startSpan();
      chat.end();
    } finally {
      agent.end();
    }

    boolean exported =
        provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess() && failures.get() == 0;
    provider.shutdown().join(10, TimeUnit.SECONDS);
    out.println(
        "trace "
            + agent.getSpanContext().getTraceId()
            + (exported ? " exported to " : " NOT exported to ")
            + apiUrl);
    return exported;
  }
}
