package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.ingest.RunEvent;
import dev.selene.server.ingest.RunIds;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * LangWatch's second way to send events: a span event named {@code langwatch.event} with {@code
 * event.type}, {@code event.metrics.<k>} and {@code event.details.<k>} (the Go SDK's thumbs up, for
 * instance). Each becomes a {@code custom-event} run under the span's run, stored like a {@code
 * /api/track_event} event ({@code metadata.metrics}, {@code metadata.details}).
 */
final class LangWatchSpanEvents {
  static final String EVENT_NAME = "langwatch.event";

  private LangWatchSpanEvents() {}

  static List<RunEvent> of(OtelSpan span, UUID projectId, UUID spanRunId) {
    List<RunEvent> out = new ArrayList<>();
    int index = 0;
    for (OtelSpan.Event e : span.events()) {
      if (!EVENT_NAME.equals(e.name())) {
        continue;
      }
      JsonNode type = e.attributes().get("event.type");
      if (type == null || type.asText().isEmpty()) {
        continue;
      }
      ObjectNode metrics = NODES.objectNode();
      ObjectNode details = NODES.objectNode();
      e.attributes()
          .forEach(
              (k, v) -> {
                if (k.startsWith("event.metrics.") && Values.asDouble(v) != null) {
                  metrics.put(k.substring("event.metrics.".length()), Values.asDouble(v));
                } else if (k.startsWith("event.details.")) {
                  details.put(k.substring("event.details.".length()), Values.text(v));
                }
              });
      ObjectNode metadata = NODES.objectNode();
      metadata.put("traceId", span.traceId());
      metadata.set("metrics", metrics);
      metadata.set("details", details);
      UUID id =
          RunIds.fromSeed(
              "langwatch-span-event:"
                  + span.traceId()
                  + ":"
                  + span.spanId()
                  + ":"
                  + type.asText()
                  + ":"
                  + index++);
      var time = SpanMapper.nanos(e.timeNanos() > 0 ? e.timeNanos() : span.endNanos());
      for (String event : new String[] {"start", "end"}) {
        out.add(
            new RunEvent(
                projectId,
                event,
                "custom-event",
                id,
                spanRunId,
                time,
                type.asText(),
                null,
                null,
                null,
                null,
                "start".equals(event) ? metadata : null,
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
                null,
                null,
                null));
      }
    }
    return out;
  }
}
