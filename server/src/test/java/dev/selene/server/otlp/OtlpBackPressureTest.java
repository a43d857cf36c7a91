package dev.selene.server.otlp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import dev.selene.server.testing.TestServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A full ingest queue is a retryable refusal for OTLP exporters, never a silent drop. */
class OtlpBackPressureTest {
  private static final String KEY = "otlp-back-pressure-key";

  @Test
  void moreSpansThanTheQueueHolds_429WithRetryAfterAndResourceExhaustedStatus() throws Exception {
    try (SeleneServer server =
        SeleneServer.start(
            ConfigLoader.load(
                TestServer.testEnvironment(
                    Map.of(
                        "SELENE_INGEST_QUEUE_CAPACITY",
                        "100",
                        "SELENE_PROJECT_PUBLIC_KEY",
                        KEY))))) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        spans.add(OtlpHttpErrorsTest.span(String.format("%016x", i + 1), "s" + i, Map.of()));
      }
      ExportTraceServiceRequest request = OtlpHttpErrorsTest.request(spans.toArray(Span[]::new));

      Response r =
          given()
              .baseUri("http://localhost:" + server.port())
              .header("Authorization", "Bearer " + KEY)
              .contentType("application/x-protobuf")
              .body(request.toByteArray())
              .post("/v1/traces");

      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.header("Retry-After")).isEqualTo("1");
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(r.asByteArray());
      assertThat(status.getCode()).isEqualTo(8);
      assertThat(status.getMessage()).isEqualTo("Ingest queue is full; retry after 1 second");
    }
  }
}
