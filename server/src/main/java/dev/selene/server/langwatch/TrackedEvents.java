package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.ingest.RunEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The run events a LangWatch event becomes: a {@code custom-event} run named after its {@code
 * event_type}, under its trace's root run when known, holding its numbers and details in metadata
 * ({@code metadata.metrics}, {@code metadata.details}) where analytics can sum them per type.
 */
final class TrackedEvents {
  private TrackedEvents() {}

  static List<RunEvent> of(
      UUID projectId, UUID runId, UUID parent, Instant time, String name, ObjectNode metadata) {
    return List.of(
        event(projectId, "start", runId, parent, time, name, metadata, null),
        event(projectId, "end", runId, parent, time, name, null, null));
  }

  /** An {@code end} that fills the parent of an event stored before its trace. */
  static RunEvent reparent(UUID projectId, UUID runId, UUID root, Instant time) {
    return event(projectId, "end", runId, root, time, null, null, null);
  }

  /** A thumbs up/down as Lunary feedback on the trace's root run. */
  static RunEvent feedback(UUID projectId, UUID root, Instant time, JsonNode feedback) {
    return new RunEvent(
        projectId,
        "feedback",
        null,
        root,
        null,
        time,
        null,
        null,
        null,
        null,
        null,
        null,
        feedback,
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
        null);
  }

  private static RunEvent event(
      UUID projectId,
      String event,
      UUID runId,
      UUID parent,
      Instant time,
      String name,
      JsonNode metadata,
      JsonNode input) {
    return new RunEvent(
        projectId,
        event,
        "custom-event",
        runId,
        parent,
        time,
        name,
        input,
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
        "langwatch",
        null,
        null,
        null);
  }
}
