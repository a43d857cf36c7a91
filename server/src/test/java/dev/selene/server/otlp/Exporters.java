package dev.selene.server.otlp;

import io.opentelemetry.exporter.internal.http.HttpExporter;
import io.opentelemetry.exporter.internal.http.HttpExporterBuilder;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;

/** The OpenTelemetry Java SDK's own OTLP exporters, pointed at Selene. */
final class Exporters {
  private Exporters() {}

  static SpanExporter httpProtobuf(String url, String key, boolean gzip) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(url)
        .addHeader("Authorization", "Bearer " + key)
        .setCompression(gzip ? "gzip" : "none")
        .build();
  }

  /**
   * OTLP/HTTP JSON. The SDK's public builder only offers protobuf, so this uses the same internal
   * HTTP exporter and span marshaler as {@link OtlpHttpSpanExporter}, switched to its JSON mode
   * (hex ids, string int64s: the encoding JavaScript and Python exporters send).
   */
  static SpanExporter httpJson(String url, String headerName, String headerValue, boolean gzip) {
    HttpExporterBuilder<Marshaler> builder =
        new HttpExporterBuilder<>(
                StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER, url)
            .exportAsJson()
            .addConstantHeaders(headerName, headerValue);
    if (gzip) {
      builder.setCompression("gzip");
    }
    HttpExporter<Marshaler> http = builder.build();
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return http.export(TraceRequestMarshaler.create(spans), spans.size());
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return http.shutdown();
      }
    };
  }

  /** POSTs the SDK's OTLP/JSON encoding of the spans with the JDK HTTP client. */
  static SpanExporter plainJsonPost(String url, String headerName, String headerValue) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        try {
          var response =
              java.net.http.HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                          .header("Content-Type", "application/json")
                          .header(headerName, headerValue)
                          .POST(
                              java.net.http.HttpRequest.BodyPublishers.ofString(
                                  json(List.copyOf(spans))))
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200 || !response.body().equals("{}")) {
            return CompletableResultCode.ofExceptionalFailure(
                new AssertionError(response.statusCode() + " " + response.body()));
          }
          return CompletableResultCode.ofSuccess();
        } catch (java.io.IOException | InterruptedException e) {
          return CompletableResultCode.ofExceptionalFailure(e);
        }
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
  }

  static SpanExporter grpc(String url, String key) {
    return OtlpGrpcSpanExporter.builder()
        .setEndpoint(url)
        .addHeader("authorization", "Bearer " + key)
        .build();
  }

  static String json(List<SpanData> spans) {
    try (var out = new java.io.ByteArrayOutputStream()) {
      TraceRequestMarshaler.create(spans).writeJsonTo(out);
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
