package dev.selene.server.otlp;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spans made with the real OpenTelemetry SDK, collected as {@link SpanData} so a test can hand the
 * same spans to each real exporter and check the export result.
 */
final class SdkSpans implements AutoCloseable {
  private final List<SpanData> ended = new ArrayList<>();
  private final SdkTracerProvider provider;
  final Tracer tracer;

  SdkSpans(Attributes resource) {
    SpanExporter collector =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            synchronized (ended) {
              ended.addAll(spans);
            }
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    provider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(resource)))
            .addSpanProcessor(SimpleSpanProcessor.create(collector))
            .build();
    tracer = provider.get("selene-test", "1.0");
  }

  List<SpanData> spans() {
    synchronized (ended) {
      return List.copyOf(ended);
    }
  }

  /** Exports with a real exporter and fails the test unless the export succeeded. */
  static void exportOrFail(SpanExporter exporter, List<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans).join(20, TimeUnit.SECONDS);
    exporter.shutdown().join(5, TimeUnit.SECONDS);
    if (!result.isSuccess()) {
      throw new AssertionError("export failed: " + result.getFailureThrowable());
    }
  }

  @Override
  public void close() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }
}
