package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A span as the rule tables read it: attributes are looked up on the span first, then on its
 * resource (LangWatch and others put user, thread and labels there); keys already used by a winning
 * rule are remembered so they are not copied into metadata again.
 */
final class SpanView {
  final OtelSpan span;
  private final Set<String> consumed = new HashSet<>();

  SpanView(OtelSpan span) {
    this.span = span;
  }

  JsonNode attr(String key) {
    JsonNode v = span.attributes().get(key);
    if (v == null) {
      v = span.resource().get(key);
    }
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String key) {
    return attr(key) != null;
  }

  /** Attributes whose key starts with {@code prefix} and are not yet used, span over resource. */
  Map<String, JsonNode> withPrefix(String prefix) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    span.resource()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix) && !consumed.contains(k)) {
                out.put(k, v);
              }
            });
    span.attributes()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix) && !consumed.contains(k)) {
                out.put(k, v);
              }
            });
    return out;
  }

  List<OtelSpan.Event> events(Set<String> names) {
    List<OtelSpan.Event> out = new ArrayList<>();
    for (OtelSpan.Event e : span.events()) {
      if (names.contains(e.name())) {
        out.add(e);
      }
    }
    return out;
  }

  void consume(List<String> keys) {
    consumed.addAll(keys);
  }

  boolean isConsumed(String key) {
    return consumed.contains(key);
  }

  /** Span events used by a rule are marked with the key {@code event:<name>}. */
  boolean isConsumed(OtelSpan.Event event) {
    return consumed.contains("event:" + event.name());
  }
}
