package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import dev.selene.server.http.ApiException;
import dev.selene.server.http.RequestBodies;
import dev.selene.server.ingest.EventResult;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.ingest.QueueFullException;
import dev.selene.server.ingest.RunEvent;
import dev.selene.server.ingest.RunIds;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * LangWatch's {@code POST /api/track_event} and {@code /api/events/track}: a custom event (or a
 * reserved one such as {@code thumbs_up_down}) on a trace. Idempotent on {@code event_id}; the
 * reply {@code {"message": "Event tracked"}} comes once it is stored.
 */
final class TrackEventHandler {
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final IngestPipeline pipeline;
  private final TraceEvents traces;
  private final Executor afterCommit;
  private final Clock clock;

  TrackEventHandler(
      ObjectMapper json,
      long maxBodyBytes,
      IngestPipeline pipeline,
      TraceEvents traces,
      Executor afterCommit,
      Clock clock) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.pipeline = pipeline;
    this.traces = traces;
    this.afterCommit = afterCommit;
    this.clock = clock;
  }

  void track(Context ctx) {
    UUID project = Auth.projectId(ctx);
    TrackEventRequest event = TrackEventRequest.parse(body(ctx), clock.instant());
    UUID runId =
        event.eventId() == null
            ? UUID.randomUUID()
            : RunIds.fromSeed("langwatch-event:" + event.traceId() + ":" + event.eventId());
    UUID root = traces.findRoot(project, event.traceId());
    JsonNode feedback = event.feedback();

    ObjectNode metadata = json.createObjectNode();
    metadata.put("traceId", event.traceId());
    if (event.eventId() != null) {
      metadata.put("eventId", event.eventId());
    }
    metadata.set("metrics", event.metrics());
    metadata.set("details", event.details());
    List<RunEvent> events =
        new ArrayList<>(
            TrackedEvents.of(project, runId, root, event.timestamp(), event.eventType(), metadata));
    TraceEvents.Pending pending =
        new TraceEvents.Pending(runId, event.traceId(), event.timestamp(), feedback);
    if (root != null && feedback != null) {
      events.add(TrackedEvents.feedback(project, root, event.timestamp(), feedback));
    } else if (root == null) {
      traces.remember(project, pending);
    }

    CompletableFuture<List<EventResult>> stored;
    try {
      stored = pipeline.submit(events);
    } catch (QueueFullException e) {
      ctx.header("Retry-After", "1");
      throw new ApiException(429, e.getMessage() + "; retry after 1 second");
    }
    ctx.future(
        () ->
            stored
                .thenComposeAsync(
                    results -> {
                      for (EventResult r : results) {
                        if (!r.success()) {
                          throw new ApiException(500, "Event could not be stored: " + r.error());
                        }
                      }
                      return root == null
                          ? traces.joinIfRootExists(project, pending)
                          : CompletableFuture.completedFuture(null);
                    },
                    afterCommit)
                .thenAccept(v -> ctx.json(Map.of("message", "Event tracked"))));
  }

  private JsonNode body(Context ctx) {
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("Bad request: the body is not valid JSON");
    }
  }
}
