package dev.selene.server.otlp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.restassured.response.Response;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the OTLP/HTTP receiver answers bad requests: clear errors, nothing valid lost. */
class OtlpHttpErrorsTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns runs = new StoredRuns(server, project);

  @Test
  void post_wrongContentType_415NamingTheAcceptedTypes() {
    Response r = post("text/plain", "hello".getBytes(), project.publicKey());

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.jsonPath().getString("message"))
        .isEqualTo(
            "Unsupported Content-Type 'text/plain': send OTLP as application/x-protobuf or"
                + " application/json");
  }

  @Test
  void post_unsupportedContentEncoding_415() {
    Response r =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.publicKey())
            .header("Content-Encoding", "br")
            .contentType("application/json")
            .body("{}")
            .post("/v1/traces");

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.jsonPath().getString("message")).contains("Content-Encoding 'br'");
  }

  @Test
  void post_garbageProtobuf_400WithGoogleRpcStatusBody() throws Exception {
    Response r =
        post("application/x-protobuf", new byte[] {0x0a, (byte) 0xff, 0x01}, project.publicKey());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/x-protobuf");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(r.asByteArray());
    assertThat(status.getCode()).isEqualTo(3);
    assertThat(status.getMessage()).startsWith("Request body is not a valid OTLP protobuf message");
  }

  @Test
  void post_invalidJson_400() {
    Response r = post("application/json", "{\"resourceSpans\": [".getBytes(), project.publicKey());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.jsonPath().getString("message")).startsWith("Request body is not valid OTLP/JSON");
  }

  @Test
  void post_resourceSpansNotAnArray_400NamingTheField() {
    Response r = post("application/json", "{\"resourceSpans\": 5}".getBytes(), project.publicKey());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.jsonPath().getString("message"))
        .isEqualTo("OTLP/JSON: resourceSpans must be an array");
  }

  @Test
  void post_emptyProtobufBody_200EmptyResponse() throws Exception {
    Response r = post("application/x-protobuf", new byte[0], project.publicKey());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(r.asByteArray()).hasPartialSuccess()).isFalse();
  }

  @Test
  void post_noCredential_401() {
    Response r =
        given()
            .baseUri(server.baseUrl())
            .contentType("application/json")
            .body("{}")
            .post("/v1/traces");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void post_orgKey_401() {
    assertThat(post("application/json", "{}".getBytes(), project.orgKey()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void post_protobufWithOneBadSpanId_partialSuccessAndValidSpanStored() throws Exception {
    ExportTraceServiceRequest request =
        request(
            span("a1a1a1a1a1a1a1a1", "good", Map.of("gen_ai.tool.name", "lookup")),
            span("a1a1", "bad", Map.of()));

    Response r = post("application/x-protobuf", request.toByteArray(), project.privateKey());

    assertThat(r.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse reply = ExportTraceServiceResponse.parseFrom(r.asByteArray());
    assertThat(reply.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(reply.getPartialSuccess().getErrorMessage())
        .isEqualTo("1 span(s) rejected: span 'bad': spanId must be 8 bytes and not all zero");
    assertThat(runs.bySpanId("a1a1a1a1a1a1a1a1").get("type")).isEqualTo("tool");
  }

  @Test
  void post_hugeUnmappedAttribute_storedTruncatedInMetadataAndInputKeptWhole() throws Exception {
    String huge = "x".repeat(1_000_000);
    ExportTraceServiceRequest request =
        request(
            span(
                "b2b2b2b2b2b2b2b2",
                "big",
                Map.of(
                    "debug.dump", huge, "input.value", huge, "openinference.span.kind", "CHAIN")));

    Response r = post("application/x-protobuf", request.toByteArray(), project.privateKey());

    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> run = runs.bySpanId("b2b2b2b2b2b2b2b2");
    String dump = StoredRuns.json(run, "metadata").path("debug.dump").asText();
    assertThat(dump).hasSize(Values.MAX_METADATA_STRING + "…[truncated 1000000 chars]".length());
    assertThat(dump).endsWith("…[truncated 1000000 chars]");
    assertThat(StoredRuns.json(run, "input").asText()).hasSize(1_000_000);
  }

  @Test
  void post_resentSameSpans_isANoOp() {
    ExportTraceServiceRequest request =
        request(span("c3c3c3c3c3c3c3c3", "once", Map.of("lunary.tags", "t1")));

    post("application/x-protobuf", request.toByteArray(), project.privateKey());
    post("application/x-protobuf", request.toByteArray(), project.privateKey());

    assertThat(runs.all()).hasSize(1);
    assertThat(runs.bySpanId("c3c3c3c3c3c3c3c3").get("tags")).isEqualTo(java.util.List.of("t1"));
  }

  @Test
  void post_jsonWithBase64Ids_acceptedLikeHex() throws Exception {
    String json =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"S/kvNXezTaajzpKdDg5HNg==",
          "spanId":"APBnqgupArc=","name":"b64","startTimeUnixNano":1740823200000000000,
          "endTimeUnixNano":"1740823201000000000","kind":"SPAN_KIND_SERVER"}]}]}]}
        """;

    Response r = post("application/json", json.getBytes(), project.privateKey());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("{}");
    Map<String, Object> run = runs.bySpanId("00f067aa0ba902b7");
    JsonNode otel = StoredRuns.json(run, "metadata").path("otel");
    assertThat(otel.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(otel.path("kind").asText()).isEqualTo("SERVER");
    assertThat(run.get("duration_text")).isEqualTo("00:00:01");
  }

  @Test
  void metrics_protobuf_acceptedAndIgnored() {
    Response r =
        post("application/x-protobuf", new byte[0], project.publicKey(), "/v1/otel/v1/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
  }

  private Response post(String contentType, byte[] body, String key) {
    return post(contentType, body, key, "/v1/traces");
  }

  private Response post(String contentType, byte[] body, String key, String path) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + key)
        .contentType(contentType)
        .body(body)
        .post(path);
  }

  static ExportTraceServiceRequest request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(java.util.List.of(spans))))
        .build();
  }

  static Span span(String spanIdHex, String name, Map<String, String> attributes) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(bytes("5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c"))
            .setSpanId(bytes(spanIdHex))
            .setName(name)
            .setStartTimeUnixNano(1_740_823_200_000_000_000L)
            .setEndTimeUnixNano(1_740_823_200_500_000_000L);
    attributes.forEach(
        (k, v) ->
            b.addAttributes(
                KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v))));
    return b.build();
  }

  static com.google.protobuf.ByteString bytes(String hex) {
    return com.google.protobuf.ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
