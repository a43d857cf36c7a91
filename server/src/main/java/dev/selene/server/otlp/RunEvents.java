package dev.selene.server.otlp;

import dev.selene.server.ingest.RunEvent;
import dev.selene.server.otlp.SpanMapper.MappedSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A mapped span as the events a Lunary SDK would have sent for it: a {@code start} at the span's
 * start, an {@code end} at its end (output and tokens), and an {@code error} when its status is
 * ERROR. The ingest pipeline merges them like native events, in any order and idempotently.
 */
final class RunEvents {
  private RunEvents() {}

  static List<RunEvent> of(
      MappedSpan m, UUID projectId, UUID runId, UUID parentRunId, String runtime) {
    List<RunEvent> events = new ArrayList<>(3);
    events.add(
        new RunEvent(
            projectId,
            "start",
            m.type(),
            runId,
            parentRunId,
            m.start(),
            m.name(),
            m.input(),
            null,
            null,
            m.params(),
            m.metadata(),
            null,
            false,
            m.tags(),
            m.userId(),
            m.userProps(),
            null,
            null,
            null,
            m.templateVersionId(),
            runtime,
            null,
            null,
            null));
    events.add(
        new RunEvent(
            projectId,
            "end",
            m.type(),
            runId,
            parentRunId,
            m.end(),
            m.name(),
            null,
            m.output(),
            null,
            null,
            null,
            null,
            false,
            null,
            m.userId(),
            null,
            m.promptTokens(),
            m.completionTokens(),
            m.cachedPromptTokens(),
            null,
            runtime,
            null,
            null,
            null));
    if (m.error() != null) {
      events.add(
          new RunEvent(
              projectId,
              "error",
              m.type(),
              runId,
              parentRunId,
              m.end(),
              m.name(),
              null,
              null,
              m.error(),
              null,
              null,
              null,
              false,
              null,
              m.userId(),
              null,
              null,
              null,
              null,
              null,
              runtime,
              null,
              null,
              null));
    }
    return events;
  }
}
