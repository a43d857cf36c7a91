package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.auth.Auth;
import dev.selene.server.http.ApiException;
import dev.selene.server.http.RequestBodies;
import dev.selene.server.ingest.QueueFullException;
import dev.selene.server.otlp.OtelSpan.Decoded;
import dev.selene.server.otlp.SpanIngest;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * LangWatch's REST trace collector, {@code POST /api/collector}: its span format (llm, rag, chain,
 * tool, agent… with typed inputs and outputs, metrics, timestamps, RAG contexts, trace metadata)
 * becomes runs through the same mapping as OTLP. A bad span is rejected alone and counted in {@code
 * partialSuccess}; only a trace whose every span is bad is refused with 400.
 */
final class CollectorHandler {
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final SpanIngest spans;

  CollectorHandler(ObjectMapper json, long maxBodyBytes, SpanIngest spans) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.spans = spans;
  }

  void collect(Context ctx) {
    UUID project = Auth.projectId(ctx);
    String contentType = ctx.header("Content-Type");
    if (contentType == null || !contentType.contains("application/json")) {
      throw ApiException.badRequest("Invalid body, expecting json");
    }
    JsonNode body = parse(RequestBodies.read(ctx, maxBodyBytes));
    JsonNode rawSpans = body.get("spans");
    if (rawSpans == null || !rawSpans.isArray()) {
      throw ApiException.badRequest("Invalid 'spans' field, expecting array");
    }
    JsonNode evaluations = body.path("evaluations");
    if (rawSpans.size() > CollectorSpans.MAX_SPANS
        || (evaluations.isArray() && evaluations.size() > CollectorSpans.MAX_SPANS)) {
      throw new ApiException(429, "Too many spans, maximum of 200 per trace");
    }
    String traceId = CollectorSpans.traceId(body, rawSpans);
    var resource = CollectorSpans.resource(body);
    List<Decoded> decoded = new ArrayList<>(rawSpans.size());
    for (int i = 0; i < rawSpans.size(); i++) {
      decoded.add(CollectorSpans.span(rawSpans.get(i), i, traceId, resource));
    }
    if (!decoded.isEmpty() && decoded.stream().allMatch(d -> d.span() == null)) {
      throw ApiException.badRequest(decoded.get(0).problem());
    }
    int rejectedEvaluations = evaluations.isArray() ? evaluations.size() : 0;
    var done = submit(project, decoded);
    ctx.future(
        () ->
            done.thenAccept(
                outcome -> {
                  Map<String, Object> partial = new LinkedHashMap<>();
                  partial.put("rejectedSpans", outcome.rejected());
                  partial.put("rejectedEvaluations", rejectedEvaluations);
                  String message = outcome.errorMessage();
                  if (rejectedEvaluations > 0) {
                    message =
                        (message.isEmpty() ? "" : message + "; ")
                            + "evaluations are not stored by Selene";
                  }
                  partial.put("errorMessage", message);
                  Map<String, Object> reply = new LinkedHashMap<>();
                  reply.put("message", "Trace received successfully.");
                  reply.put("partialSuccess", partial);
                  ctx.json(reply);
                }));
  }

  private java.util.concurrent.CompletableFuture<SpanIngest.Outcome> submit(
      UUID project, List<Decoded> decoded) {
    try {
      return spans.submit(project, decoded, SpanIngest.PER_TRACE, "langwatch");
    } catch (QueueFullException e) {
      throw new ApiException(503, e.getMessage() + "; retry later");
    }
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("Invalid body, expecting json");
      }
      return node;
    } catch (IOException e) {
      throw ApiException.badRequest("Invalid body, expecting json");
    }
  }
}
