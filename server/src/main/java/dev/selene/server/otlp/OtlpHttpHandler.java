package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.selene.server.auth.Auth;
import dev.selene.server.http.ApiException;
import dev.selene.server.http.RequestBodies;
import dev.selene.server.ingest.QueueFullException;
import dev.selene.server.otlp.OtelSpan.Decoded;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OTLP/HTTP receivers: protobuf or JSON, gzip or not. The reply is the OTLP export response in the
 * request's encoding, sent once the spans are committed, with {@code partial_success} counting the
 * spans that were rejected and why. Errors on protobuf requests carry a {@code google.rpc.Status}
 * as the OTLP spec asks; JSON requests get Selene's JSON error.
 */
final class OtlpHttpHandler {
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final SpanIngest spans;
  private final LogIngest logs;

  OtlpHttpHandler(ObjectMapper json, long maxBodyBytes, SpanIngest spans, LogIngest logs) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.spans = spans;
    this.logs = logs;
  }

  void traces(Context ctx) {
    UUID project = Auth.projectId(ctx);
    Request req = read(ctx);
    try {
      List<Decoded> decoded =
          req.encoding == OtlpEncoding.JSON
              ? OtlpJsonReader.spans(parseJson(req.body))
              : OtlpProtoReader.spans(parseProto(req.body, ExportTraceServiceRequest.parser()));
      CompletableFuture<SpanIngest.Outcome> done =
          submit(() -> spans.submit(project, decoded, SpanIngest.OTLP, "otlp"));
      ctx.future(() -> done.thenAccept(outcome -> replyTraces(ctx, req.encoding, outcome)));
    } catch (ApiException e) {
      fail(ctx, req.encoding, e);
    }
  }

  void logs(Context ctx) {
    UUID project = Auth.projectId(ctx);
    Request req = read(ctx);
    try {
      List<OtelLog> records =
          req.encoding == OtlpEncoding.JSON
              ? OtlpJsonReader.logs(parseJson(req.body))
              : OtlpProtoReader.logs(parseProto(req.body, ExportLogsServiceRequest.parser()));
      CompletableFuture<LogIngest.Outcome> done = submit(() -> logs.submit(project, records));
      ctx.future(
          () ->
              done.thenAccept(
                  outcome -> {
                    ExportLogsServiceResponse.Builder r = ExportLogsServiceResponse.newBuilder();
                    if (outcome.rejected() > 0) {
                      r.setPartialSuccess(
                          ExportLogsPartialSuccess.newBuilder()
                              .setRejectedLogRecords(outcome.rejected())
                              .setErrorMessage(outcome.errorMessage()));
                    }
                    reply(
                        ctx,
                        req.encoding,
                        r.build(),
                        "rejectedLogRecords",
                        outcome.rejected(),
                        outcome.errorMessage());
                  }));
    } catch (ApiException e) {
      fail(ctx, req.encoding, e);
    }
  }

  /** Metrics are accepted and discarded, so collectors with a metrics pipeline do not error. */
  void metrics(Context ctx) {
    Auth.projectId(ctx);
    Request req = read(ctx);
    reply(ctx, req.encoding, ExportMetricsServiceResponse.getDefaultInstance(), null, 0, "");
  }

  private record Request(OtlpEncoding encoding, byte[] body) {}

  private Request read(Context ctx) {
    String encoding = ctx.header("Content-Encoding");
    if (encoding != null
        && !encoding.isBlank()
        && !List.of("gzip", "identity").contains(encoding.trim().toLowerCase(Locale.ROOT))) {
      throw new ApiException(
          415, "Unsupported Content-Encoding '" + encoding + "': send gzip or uncompressed");
    }
    String contentType = ctx.header("Content-Type");
    OtlpEncoding.requireSupported(contentType);
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    return new Request(OtlpEncoding.of(contentType, body), body);
  }

  private JsonNode parseJson(byte[] body) {
    if (body.length == 0) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(body);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw ApiException.tooLarge(
          "OTLP/JSON body exceeds a JSON limit (SELENE_MAX_JSON_DEPTH / SELENE_MAX_STRING_LENGTH): "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest(
          "Request body is not valid OTLP/JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static <T extends Message> T parseProto(
      byte[] body, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(
          "Request body is not a valid OTLP protobuf message ("
              + e.getMessage()
              + "); is the Content-Type right?");
    }
  }

  private static <T> CompletableFuture<T> submit(
      java.util.function.Supplier<CompletableFuture<T>> s) {
    try {
      return s.get();
    } catch (QueueFullException e) {
      throw new ApiException(429, e.getMessage() + "; retry after 1 second");
    }
  }

  private void replyTraces(Context ctx, OtlpEncoding encoding, SpanIngest.Outcome outcome) {
    ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
    if (outcome.rejected() > 0) {
      r.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(outcome.rejected())
              .setErrorMessage(outcome.errorMessage()));
    }
    reply(ctx, encoding, r.build(), "rejectedSpans", outcome.rejected(), outcome.errorMessage());
  }

  /** The export response: protobuf bytes, or its OTLP/JSON form. */
  private void reply(
      Context ctx,
      OtlpEncoding encoding,
      Message response,
      String rejectedField,
      long rejected,
      String errorMessage) {
    ctx.status(200);
    if (encoding == OtlpEncoding.PROTOBUF) {
      ctx.contentType(OtlpEncoding.PROTOBUF.contentType).result(response.toByteArray());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (rejected > 0) {
      Map<String, Object> partial = new LinkedHashMap<>();
      partial.put(rejectedField, rejected);
      partial.put("errorMessage", errorMessage);
      body.put("partialSuccess", partial);
    }
    ctx.json(body);
  }

  private static void fail(Context ctx, OtlpEncoding encoding, ApiException e) {
    if (e.status() == 429) {
      ctx.header("Retry-After", "1");
    }
    if (encoding != OtlpEncoding.PROTOBUF) {
      throw e;
    }
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(GrpcCodes.forHttpStatus(e.status()))
            .setMessage(e.getMessage())
            .build();
    ctx.status(e.status())
        .contentType(OtlpEncoding.PROTOBUF.contentType)
        .result(status.toByteArray());
  }
}
