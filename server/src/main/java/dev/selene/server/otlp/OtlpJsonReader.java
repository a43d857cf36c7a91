package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import dev.selene.server.otlp.OtelSpan.Decoded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP/JSON to {@link OtelSpan}s, read from a Jackson tree rather than protobuf's {@code
 * JsonFormat}: ids are hex (JsonFormat expects base64), int64s may be strings or numbers, enums may
 * be numbers or names, and both the lowerCamelCase and the original snake_case field names are
 * accepted, as the OTLP spec asks of receivers. A malformed span is rejected alone.
 */
final class OtlpJsonReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OtlpJsonReader() {}

  static List<Decoded> spans(JsonNode request) {
    if (!request.isObject()) {
      throw ApiException.badRequest("OTLP/JSON body must be an object with resourceSpans");
    }
    try {
      return read(request);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("OTLP/JSON: " + e.getMessage());
    }
  }

  private static List<Decoded> read(JsonNode request) {
    List<Decoded> out = new ArrayList<>();
    for (JsonNode rs : array(request, "resourceSpans", "resourceSpans")) {
      Map<String, JsonNode> resource = attributes(field(rs, "resource").path("attributes"));
      List<JsonNode> scopes = new ArrayList<>();
      array(rs, "scopeSpans", "resourceSpans[].scopeSpans").forEach(scopes::add);
      // Exporters older than OTLP 0.19 name it instrumentationLibrarySpans.
      array(rs, "instrumentationLibrarySpans", "resourceSpans[].scopeSpans").forEach(scopes::add);
      for (JsonNode ss : scopes) {
        JsonNode scope = field(ss, "scope");
        if (scope.isMissingNode()) {
          scope = field(ss, "instrumentationLibrary");
        }
        String scopeName = scope.path("name").asText("");
        String scopeVersion = scope.path("version").asText("");
        for (JsonNode span : array(ss, "spans", "scopeSpans[].spans")) {
          out.add(span(span, out.size(), resource, scopeName, scopeVersion));
        }
      }
    }
    return out;
  }

  private static Decoded span(
      JsonNode s,
      int index,
      Map<String, JsonNode> resource,
      String scopeName,
      String scopeVersion) {
    String name = field(s, "name").asText("");
    String label = "span " + index + (name.isEmpty() ? "" : " '" + name + "'");
    if (!s.isObject()) {
      return Decoded.rejected(label + ": expected an object");
    }
    try {
      String rawTrace = text(field(s, "traceId"));
      String traceId = OtlpIds.fromText(rawTrace, OtlpIds.TRACE_ID_BYTES);
      if (traceId == null) {
        return Decoded.rejected(
            label
                + ": traceId must be 32 hex characters, not all zero (got "
                + OtlpIds.describe(rawTrace)
                + ")");
      }
      String rawSpan = text(field(s, "spanId"));
      String spanId = OtlpIds.fromText(rawSpan, OtlpIds.SPAN_ID_BYTES);
      if (spanId == null) {
        return Decoded.rejected(
            label
                + ": spanId must be 16 hex characters, not all zero (got "
                + OtlpIds.describe(rawSpan)
                + ")");
      }
      String rawParent = text(field(s, "parentSpanId"));
      String parent = null;
      if (rawParent != null && !rawParent.isEmpty()) {
        parent = OtlpIds.fromText(rawParent, OtlpIds.SPAN_ID_BYTES);
        if (parent == null) {
          return Decoded.rejected(
              label
                  + ": parentSpanId must be empty or 16 hex characters (got "
                  + OtlpIds.describe(rawParent)
                  + ")");
        }
      }
      List<OtelSpan.Event> events = new ArrayList<>();
      for (JsonNode e : array(s, "events", "spans[].events")) {
        events.add(
            new OtelSpan.Event(
                field(e, "name").asText(""),
                nanos(field(e, "timeUnixNano"), "events[].timeUnixNano"),
                attributes(field(e, "attributes"))));
      }
      JsonNode status = field(s, "status");
      return Decoded.ok(
          new OtelSpan(
              traceId,
              spanId,
              parent,
              name,
              enumValue(field(s, "kind"), "SPAN_KIND_"),
              nanos(field(s, "startTimeUnixNano"), "startTimeUnixNano"),
              nanos(field(s, "endTimeUnixNano"), "endTimeUnixNano"),
              attributes(field(s, "attributes")),
              resource,
              scopeName,
              scopeVersion,
              events,
              enumValue(field(status, "code"), "STATUS_CODE_"),
              field(status, "message").asText("")));
    } catch (IllegalArgumentException e) {
      return Decoded.rejected(label + ": " + e.getMessage());
    }
  }

  /** OTLP/JSON logs ({@code resourceLogs[].scopeLogs[].logRecords[]}). */
  static List<OtelLog> logs(JsonNode request) {
    if (!request.isObject()) {
      throw ApiException.badRequest("OTLP/JSON body must be an object with resourceLogs");
    }
    try {
      List<OtelLog> out = new ArrayList<>();
      for (JsonNode rl : array(request, "resourceLogs", "resourceLogs")) {
        for (JsonNode sl : array(rl, "scopeLogs", "resourceLogs[].scopeLogs")) {
          for (JsonNode r : array(sl, "logRecords", "scopeLogs[].logRecords")) {
            Map<String, JsonNode> attributes = attributes(field(r, "attributes"));
            String eventName = field(r, "eventName").asText("");
            if (eventName.isEmpty() && attributes.containsKey("event.name")) {
              eventName = attributes.get("event.name").asText();
            }
            long time = nanos(field(r, "timeUnixNano"), "timeUnixNano");
            if (time == 0) {
              time = nanos(field(r, "observedTimeUnixNano"), "observedTimeUnixNano");
            }
            out.add(
                new OtelLog(
                    OtlpIds.fromText(text(field(r, "traceId")), OtlpIds.TRACE_ID_BYTES),
                    OtlpIds.fromText(text(field(r, "spanId")), OtlpIds.SPAN_ID_BYTES),
                    eventName,
                    time,
                    enumValue(field(r, "severityNumber"), "SEVERITY_NUMBER_"),
                    field(r, "severityText").asText(""),
                    anyValue(field(r, "body")),
                    attributes));
          }
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("OTLP/JSON: " + e.getMessage());
    }
  }

  static Map<String, JsonNode> attributes(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (!list.isArray()) {
      return out;
    }
    for (JsonNode kv : list) {
      String key = kv.path("key").asText(null);
      JsonNode value = anyValue(kv.path("value"));
      if (key != null && value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  /** An OTLP/JSON AnyValue as plain JSON, or null when it holds nothing. */
  static JsonNode anyValue(JsonNode v) {
    if (!v.isObject()) {
      return null;
    }
    JsonNode x;
    if (!(x = field(v, "stringValue")).isMissingNode()) {
      return NODES.textNode(x.asText());
    }
    if (!(x = field(v, "boolValue")).isMissingNode()) {
      return NODES.booleanNode(x.isBoolean() ? x.booleanValue() : "true".equals(x.asText()));
    }
    if (!(x = field(v, "intValue")).isMissingNode()) {
      try {
        return NODES.numberNode(x.isNumber() ? x.longValue() : Long.parseLong(x.asText().trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("intValue: expected an integer, got " + x);
      }
    }
    if (!(x = field(v, "doubleValue")).isMissingNode()) {
      try {
        return NODES.numberNode(x.isNumber() ? x.doubleValue() : Double.parseDouble(x.asText()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("doubleValue: expected a number, got " + x);
      }
    }
    if (!(x = field(v, "arrayValue")).isMissingNode()) {
      ArrayNode array = NODES.arrayNode();
      for (JsonNode item : x.path("values")) {
        JsonNode j = anyValue(item);
        array.add(j == null ? NODES.nullNode() : j);
      }
      return array;
    }
    if (!(x = field(v, "kvlistValue")).isMissingNode()) {
      ObjectNode object = NODES.objectNode();
      attributes(x.path("values")).forEach(object::set);
      return object;
    }
    if (!(x = field(v, "bytesValue")).isMissingNode()) {
      return NODES.textNode(x.asText());
    }
    return null;
  }

  private static long nanos(JsonNode n, String field) {
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return (long) n.doubleValue();
    }
    try {
      return Long.parseLong(n.asText().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          field + ": expected epoch nanoseconds as a number or a string of digits, got " + n);
    }
  }

  /** Enums are numbers in OTLP/JSON, but protobuf's JSON mapping also allows their names. */
  private static int enumValue(JsonNode n, String prefix) {
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    if (n.isNumber()) {
      return n.intValue();
    }
    String name = n.asText().trim().toUpperCase(java.util.Locale.ROOT);
    if (name.startsWith(prefix)) {
      name = name.substring(prefix.length());
    }
    return switch (name) {
      case "INTERNAL", "OK" -> 1;
      case "SERVER", "ERROR" -> 2;
      case "CLIENT" -> 3;
      case "PRODUCER" -> 4;
      case "CONSUMER" -> 5;
      default -> {
        try {
          yield Integer.parseInt(name);
        } catch (NumberFormatException e) {
          yield 0;
        }
      }
    };
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static Iterable<JsonNode> array(JsonNode parent, String camel, String path) {
    JsonNode n = field(parent, camel);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(path + " must be an array");
    }
    return n;
  }

  /** A field by its lowerCamelCase name or its proto (snake_case) name. */
  static JsonNode field(JsonNode parent, String camel) {
    JsonNode n = parent.path(camel);
    if (!n.isMissingNode()) {
      return n;
    }
    return parent.path(snake(camel));
  }

  private static String snake(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
