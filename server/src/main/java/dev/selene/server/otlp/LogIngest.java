package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.ingest.RunEvent;
import dev.selene.server.ingest.RunIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OTLP log records. GenAI instrumentations that capture message content as events send it as log
 * records linked to the model call's span ({@code gen_ai.user.message}, {@code gen_ai.choice},
 * {@code gen_ai.client.inference.operation.details}…): they become that run's input and output (a
 * {@code content} event, merged whether the span arrived before or after). Other records on a span
 * become {@code log} runs under it; records with no span context are not stored (reported in {@code
 * partial_success}).
 */
final class LogIngest {
  /** What happened to the records of one request. */
  record Outcome(int rejected, String errorMessage) {}

  private static final String DETAILS = "gen_ai.client.inference.operation.details";

  private final IngestPipeline pipeline;

  LogIngest(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  CompletableFuture<Outcome> submit(UUID projectId, List<OtelLog> records) {
    Map<String, List<OtelLog>> genAiBySpan = new LinkedHashMap<>();
    List<RunEvent> events = new ArrayList<>();
    int noContext = 0;
    for (OtelLog r : records) {
      if (r.spanId() == null) {
        noContext++;
      } else if (r.eventName().startsWith("gen_ai.")) {
        genAiBySpan.computeIfAbsent(r.spanId(), k -> new ArrayList<>()).add(r);
      } else {
        events.add(logRun(projectId, r));
      }
    }
    genAiBySpan.forEach((spanId, list) -> content(projectId, spanId, list, events));
    int rejected = noContext;
    String message =
        noContext == 0
            ? ""
            : noContext + " log record(s) rejected: records without a span context are not stored";
    return pipeline
        .submit(events)
        .thenApply(
            results -> {
              long failed = results.stream().filter(x -> !x.success()).count();
              return failed == 0
                  ? new Outcome(rejected, message)
                  : new Outcome(
                      rejected + (int) failed,
                      (message.isEmpty() ? "" : message + "; ")
                          + failed
                          + " record(s) could not be stored");
            });
  }

  private static void content(
      UUID projectId, String spanId, List<OtelLog> records, List<RunEvent> out) {
    List<JsonNode> eventObjects = new ArrayList<>();
    JsonNode input = null;
    JsonNode output = null;
    long last = 0;
    for (OtelLog r : records) {
      last = Math.max(last, r.timeNanos());
      if (DETAILS.equals(r.eventName())) {
        JsonNode in = Values.parseJson(r.attributes().get("gen_ai.input.messages"));
        JsonNode sys = Values.parseJson(r.attributes().get("gen_ai.system_instructions"));
        JsonNode outMessages = Values.parseJson(r.attributes().get("gen_ai.output.messages"));
        if (in != null) {
          ArrayNode messages = Messages.fromGenAi(in);
          if (messages != null && sys != null) {
            messages.insert(0, Messages.systemMessage(sys));
          }
          input = messages != null ? messages : in;
        }
        if (outMessages != null) {
          ArrayNode messages = Messages.fromGenAi(outMessages);
          output = messages != null ? Messages.asOutput(messages) : outMessages;
        }
        continue;
      }
      ObjectNode o = NODES.objectNode();
      o.put("event.name", r.eventName());
      r.attributes().forEach((k, v) -> o.set(k, Values.parseJson(v)));
      if (r.body() != null && r.body().isObject()) {
        r.body().fields().forEachRemaining(f -> o.set(f.getKey(), f.getValue()));
      } else if (r.body() != null && !o.has("content")) {
        o.set("content", r.body());
      }
      eventObjects.add(o);
    }
    if (!eventObjects.isEmpty()) {
      ArrayNode[] converted = Messages.fromEventObjects(eventObjects);
      if (input == null && !converted[0].isEmpty()) {
        input = converted[0];
      }
      if (output == null) {
        output = Messages.asOutput(converted[1]);
      }
    }
    if (input == null && output == null) {
      return;
    }
    out.add(
        new RunEvent(
            projectId,
            "content",
            "llm",
            RunIds.normalize(spanId),
            null,
            time(last),
            null,
            input,
            output,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  private static RunEvent logRun(UUID projectId, OtelLog r) {
    String level = r.severity() >= 17 ? "error" : r.severity() >= 13 ? "warn" : "info";
    ObjectNode metadata = NODES.objectNode();
    r.attributes().forEach((k, v) -> metadata.set(k, Values.truncated(v)));
    if (!r.eventName().isEmpty()) {
      metadata.put("event.name", r.eventName());
    }
    if (!r.severityText().isEmpty()) {
      metadata.put("severityText", r.severityText());
    }
    JsonNode message = r.body() == null ? NODES.nullNode() : Values.truncated(r.body());
    UUID id =
        RunIds.fromSeed(
            "otlp-log:" + r.spanId() + ":" + r.timeNanos() + ":" + Values.write(message));
    return new RunEvent(
        projectId,
        level,
        "log",
        id,
        RunIds.normalize(r.spanId()),
        time(r.timeNanos()),
        null,
        null,
        null,
        null,
        null,
        metadata,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "otlp",
        message,
        null,
        null);
  }

  private static Instant time(long nanos) {
    return nanos > 0 ? SpanMapper.nanos(nanos) : Instant.now();
  }
}
