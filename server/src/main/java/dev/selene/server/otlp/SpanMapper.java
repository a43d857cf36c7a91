package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.otlp.Rule.Extracted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the convention tables to one span, in priority order: the first convention that yields a
 * value for a field wins, and the attribute it came from is recorded in {@code
 * metadata.otel.mapping} so users can see why a run looks the way it does. Attributes no winning
 * rule used are kept in metadata (long values cut), never dropped.
 */
final class SpanMapper {
  /** Priority order: explicit Lunary/LangWatch attributes, then the standards, then frameworks. */
  static final List<Convention> CONVENTIONS =
      List.of(
          LunaryConvention.TABLE,
          LangWatchConvention.TABLE,
          GenAiConvention.CURRENT,
          GenAiConvention.LEGACY,
          OpenInferenceConvention.TABLE,
          VercelAiConvention.TABLE,
          OpenLlmetryConvention.TABLE,
          LogfireConvention.TABLE);

  private static final Set<String> MODEL_TYPES = Set.of("llm", "embed");

  /** What one span becomes; {@link RunEvents} turns it into start/end/error events. */
  record MappedSpan(
      String type,
      String name,
      JsonNode input,
      JsonNode output,
      ObjectNode params,
      ObjectNode metadata,
      List<String> tags,
      String userId,
      JsonNode userProps,
      Integer promptTokens,
      Integer completionTokens,
      Integer cachedPromptTokens,
      Long templateVersionId,
      ObjectNode error,
      Instant start,
      Instant end) {}

  /** Thrown for a span that cannot become a run; it is rejected alone. */
  static final class UnusableSpanException extends RuntimeException {
    UnusableSpanException(String message) {
      super(message, null, false, false);
    }
  }

  private SpanMapper() {}

  static MappedSpan map(OtelSpan span) {
    Instant[] times = times(span);
    SpanView view = new SpanView(span);
    Map<Field, JsonNode> values = new EnumMap<>(Field.class);
    ObjectNode params = NODES.objectNode();
    ObjectNode ruleMetadata = NODES.objectNode();
    ObjectNode mapping = NODES.objectNode();
    Set<String> conventions = new LinkedHashSet<>();

    for (Convention convention : CONVENTIONS) {
      for (Rule rule : convention.rules()) {
        boolean objectField = rule.field() == Field.PARAMS || rule.field() == Field.METADATA;
        if (!objectField && values.containsKey(rule.field())) {
          continue;
        }
        Extracted x = rule.extractor().from(view);
        if (x == null) {
          continue;
        }
        if (objectField) {
          if (!x.value().isObject()
              || !mergeNew(
                  rule.field() == Field.PARAMS ? params : ruleMetadata,
                  (ObjectNode) x.value(),
                  rule.field() == Field.PARAMS,
                  rule.field() == Field.PARAMS ? "params." : "metadata.",
                  x.source(),
                  mapping)) {
            continue;
          }
        } else {
          values.put(rule.field(), x.value());
          mapping.put(rule.field().label, x.source());
        }
        view.consume(x.keys());
        conventions.add(convention.name());
      }
    }

    String type = text(values.get(Field.TYPE));
    if (type == null) {
      type = inferType(values);
      mapping.put(
          "type", "llm".equals(type) ? "inferred: model with messages or tokens" : "default");
    }
    String model = text(values.get(Field.MODEL));
    if (model != null && model.startsWith("models/")) {
      model = model.substring("models/".length());
    }
    String name = text(values.get(Field.NAME));
    String unusedName = null;
    if (MODEL_TYPES.contains(type) && model != null) {
      if (name != null) {
        unusedName = mapping.path("name").asText(); // kept in metadata under its own key below
      }
      name = model;
      mapping.put("name", mapping.path("model").asText());
    } else if (name == null) {
      name = span.name().isEmpty() ? null : span.name();
      mapping.put("name", "span name");
    }

    ObjectNode metadata = metadata(view);
    metadata.setAll(ruleMetadata);
    if (unusedName != null) {
      metadata.set(unusedName, values.get(Field.NAME));
    }
    putText(metadata, "threadId", values.get(Field.THREAD_ID));
    putText(metadata, "customerId", values.get(Field.CUSTOMER_ID));
    putText(metadata, "provider", values.get(Field.PROVIDER));
    if (!MODEL_TYPES.contains(type) && model != null) {
      metadata.put("model", model);
      mapping.set("metadata.model", mapping.get("model"));
    }
    ObjectNode error = span.statusCode() == 2 ? error(span, view) : null;
    ObjectNode otel = otel(span, view, values);
    mapping.remove("model");
    otel.set("mapping", mapping);
    ArrayNode used = otel.putArray("conventions");
    conventions.forEach(used::add);
    metadata.set("otel", otel);

    return new MappedSpan(
        type,
        name,
        values.get(Field.INPUT),
        values.get(Field.OUTPUT),
        params.isEmpty() ? null : params,
        metadata,
        tags(values.get(Field.TAGS)),
        text(values.get(Field.USER_ID)),
        values.get(Field.USER_PROPS),
        Values.asInt(values.get(Field.PROMPT_TOKENS)),
        Values.asInt(values.get(Field.COMPLETION_TOKENS)),
        Values.asInt(values.get(Field.CACHED_PROMPT_TOKENS)),
        Values.asLong(values.get(Field.TEMPLATE_VERSION_ID)),
        error,
        times[0],
        times[1]);
  }

  private static Instant[] times(OtelSpan span) {
    long start = span.startNanos();
    long end = span.endNanos();
    if (start <= 0 && end <= 0) {
      throw new UnusableSpanException(
          "startTimeUnixNano and endTimeUnixNano are missing; a span needs at least one");
    }
    if (start <= 0) {
      start = end;
    }
    if (end < start) {
      end = start;
    }
    return new Instant[] {nanos(start), nanos(end)};
  }

  static Instant nanos(long epochNanos) {
    return Instant.ofEpochSecond(epochNanos / 1_000_000_000L, epochNanos % 1_000_000_000L);
  }

  /** Adds keys not yet present; returns whether anything was added. */
  private static boolean mergeNew(
      ObjectNode target,
      ObjectNode incoming,
      boolean camelCase,
      String labelPrefix,
      String source,
      ObjectNode mapping) {
    boolean added = false;
    var fields = incoming.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      String key = camelCase ? camel(e.getKey()) : e.getKey();
      if (!target.has(key) && !e.getValue().isNull()) {
        target.set(key, e.getValue());
        mapping.put(labelPrefix + key, source);
        added = true;
      }
    }
    return added;
  }

  private static String inferType(Map<Field, JsonNode> values) {
    boolean model = values.containsKey(Field.MODEL);
    boolean content =
        values.containsKey(Field.INPUT)
            || values.containsKey(Field.OUTPUT)
            || values.containsKey(Field.PROMPT_TOKENS)
            || values.containsKey(Field.COMPLETION_TOKENS);
    return model && content ? "llm" : "chain";
  }

  /** Attributes no rule used, resource first so that span attributes win on a clash. */
  private static ObjectNode metadata(SpanView view) {
    ObjectNode md = NODES.objectNode();
    view.span
        .resource()
        .forEach(
            (k, v) -> {
              if (!view.isConsumed(k)) {
                md.set(k, Values.truncated(v));
              }
            });
    view.span
        .attributes()
        .forEach(
            (k, v) -> {
              if (!view.isConsumed(k)) {
                md.set(k, Values.truncated(v));
              }
            });
    return md;
  }

  private static ObjectNode otel(OtelSpan span, SpanView view, Map<Field, JsonNode> values) {
    ObjectNode otel = NODES.objectNode();
    otel.put("traceId", span.traceId());
    otel.put("spanId", span.spanId());
    if (span.parentSpanId() != null) {
      otel.put("parentSpanId", span.parentSpanId());
    }
    otel.put("spanName", span.name());
    otel.put("kind", OtelSpan.kindName(span.kind()));
    if (!span.scopeName().isEmpty()) {
      ObjectNode scope = otel.putObject("scope").put("name", span.scopeName());
      if (!span.scopeVersion().isEmpty()) {
        scope.put("version", span.scopeVersion());
      }
    }
    if (span.statusCode() != 0) {
      ObjectNode status =
          otel.putObject("status").put("code", span.statusCode() == 2 ? "ERROR" : "OK");
      if (!span.statusMessage().isEmpty()) {
        status.put("message", span.statusMessage());
      }
    }
    ObjectNode usage = NODES.objectNode();
    if (values.containsKey(Field.REASONING_TOKENS)) {
      usage.set("reasoningTokens", values.get(Field.REASONING_TOKENS));
    }
    if (values.containsKey(Field.COST)) {
      usage.set("cost", values.get(Field.COST));
    }
    if (!usage.isEmpty()) {
      otel.set("usage", usage);
    }
    ArrayNode events = NODES.arrayNode();
    for (OtelSpan.Event e : span.events()) {
      if (view.isConsumed(e)
          || LangWatchSpanEvents.EVENT_NAME.equals(e.name())
          || ("exception".equals(e.name()) && span.statusCode() == 2)) {
        continue;
      }
      ObjectNode event = events.addObject();
      event.put("name", e.name());
      event.put("time", nanos(e.timeNanos()).toString());
      if (!e.attributes().isEmpty()) {
        ObjectNode attrs = event.putObject("attributes");
        e.attributes().forEach((k, v) -> attrs.set(k, Values.truncated(v)));
      }
    }
    if (!events.isEmpty()) {
      otel.set("events", events);
    }
    return otel;
  }

  /** Status ERROR: the message and stack from the exception event, else the status message. */
  private static ObjectNode error(OtelSpan span, SpanView view) {
    ObjectNode error = NODES.objectNode();
    for (OtelSpan.Event e : span.events()) {
      if ("exception".equals(e.name())) {
        putText(error, "message", e.attributes().get("exception.message"));
        putText(error, "stack", e.attributes().get("exception.stacktrace"));
        putText(error, "type", e.attributes().get("exception.type"));
        break;
      }
    }
    if (!error.has("message")) {
      String message = span.statusMessage();
      if (message.isEmpty()) {
        message = text(view.attr("error.message"));
      }
      if (message == null) {
        message = text(view.attr("error.type"));
      }
      error.put("message", message == null ? "Error" : message);
    }
    if (!error.has("type")) {
      putText(error, "type", view.attr("error.type"));
    }
    return error;
  }

  private static List<String> tags(JsonNode v) {
    if (v == null || !v.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    v.forEach(
        t -> {
          if (!out.contains(t.asText())) {
            out.add(t.asText());
          }
        });
    return out;
  }

  private static void putText(ObjectNode target, String key, JsonNode v) {
    String t = text(v);
    if (t != null) {
      target.put(key, t);
    }
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String t = v.isValueNode() ? v.asText() : v.toString();
    return t.isEmpty() ? null : t;
  }

  /** {@code max_tokens} → {@code maxTokens}, as Lunary stores params. */
  static String camel(String key) {
    if (key.indexOf('_') < 0) {
      return key;
    }
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '_' && i + 1 < key.length() && Character.isLetter(key.charAt(i + 1))) {
        out.append(Character.toUpperCase(key.charAt(++i)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
