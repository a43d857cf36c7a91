package dev.selene.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The OTLP counterpart of {@link Events}: GenAI chat spans (current semantic-convention names:
 * model, input/output messages, usage, user) as an exporter sends them, protobuf-encoded. One span
 * becomes a start and an end event, so {@code count} events are {@code count / 2} spans.
 */
final class OtlpSpans {
  private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022"};

  private OtlpSpans() {}

  static byte[] request(int events) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
    long now = System.currentTimeMillis() * 1_000_000L;
    byte[] trace = new byte[16];
    random.nextBytes(trace);
    for (int i = 0; i < Math.max(1, events / 2); i++) {
      byte[] span = new byte[8];
      random.nextBytes(span);
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(span))
              .setName("chat")
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(now + i)
              .setEndTimeUnixNano(now + i + 800_000_000L)
              .addAttributes(text("gen_ai.operation.name", "chat"))
              .addAttributes(text("gen_ai.request.model", MODELS[random.nextInt(MODELS.length)]))
              .addAttributes(text("lunary.user.id", "user-" + random.nextInt(1000)))
              .addAttributes(
                  text(
                      "gen_ai.input.messages",
                      "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a"
                          + " helpful assistant.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                          + "\"content\":\"What's the weather in Paris today? Answer briefly.\"}]}]"))
              .addAttributes(
                  text(
                      "gen_ai.output.messages",
                      "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It is"
                          + " sunny and 21 degrees in Paris.\"}]}]"))
              .addAttributes(number("gen_ai.usage.input_tokens", 31))
              .addAttributes(number("gen_ai.usage.output_tokens", 12))
              .addAttributes(
                  KeyValue.newBuilder()
                      .setKey("gen_ai.request.temperature")
                      .setValue(AnyValue.newBuilder().setDoubleValue(0.2)))
              .addAttributes(text("feature", "weather")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(text("service.name", "bench"))
                        .addAttributes(text("deployment.environment", "prod")))
                .addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue number(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
