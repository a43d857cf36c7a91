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
import java.util.concurrent.Executor;

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
  private final CollectorEvaluations evaluations;
  private final TraceEvents traces;
  private final Executor afterCommit;

  CollectorHandler(
      ObjectMapper json,
      long maxBodyBytes,
      SpanIngest spans,
      CollectorEvaluations evaluations,
      TraceEvents traces,
      Executor afterCommit) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.spans = spans;
    this.evaluations = evaluations;
    this.traces = traces;
    this.afterCommit = afterCommit;
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
    List<CollectorEvaluations.Evaluation> evals = CollectorEvaluations.parse(evaluations);
    UUID rootRun = null;
    for (Decoded d : decoded) {
      if (d.span() != null && d.span().parentSpanId() == null) {
        rootRun = SpanIngest.PER_TRACE.runId(d.span());
        break;
      }
    }
    UUID root = rootRun;
    var done = submit(project, decoded);
    ctx.future(
        () ->
            done.thenApplyAsync(
                    outcome -> {
                      UUID target = root != null ? root : traces.findRoot(project, traceId);
                      int stored =
                          evals.isEmpty()
                              ? 0
                              : this.evaluations.store(project, evals, traceId, target);
                      return reply(outcome, evals, stored);
                    },
                    afterCommit)
                .thenAccept(ctx::json));
  }

  private static Map<String, Object> reply(
      SpanIngest.Outcome outcome, List<CollectorEvaluations.Evaluation> evals, int stored) {
    List<String> problems = new ArrayList<>();
    evals.forEach(
        e -> {
          if (e.problem() != null) {
            problems.add(e.problem());
          }
        });
    int unstored = evals.size() - problems.size() - stored;
    if (unstored > 0) {
      problems.add(unstored + " evaluation(s) name a span or trace root that was not stored");
    }
    String message = outcome.errorMessage();
    if (!problems.isEmpty()) {
      message = (message.isEmpty() ? "" : message + "; ") + String.join("; ", problems);
    }
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("rejectedSpans", outcome.rejected());
    partial.put("rejectedEvaluations", evals.size() - stored);
    partial.put("errorMessage", message);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("message", "Trace received successfully.");
    reply.put("partialSuccess", partial);
    return reply;
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
