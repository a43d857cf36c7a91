package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One span as every receiver decodes it (OTLP protobuf, OTLP/JSON, gRPC, LangWatch's collector),
 * before it is mapped to runs. Attribute values are JSON: strings, numbers, booleans, arrays for
 * OTLP arrays and objects for key-value lists.
 *
 * @param traceId lowercase hex for OTLP; the client's own string for collector traces
 * @param parentSpanId null for a root span
 * @param kind OTLP span kind number (0 unspecified, 1 internal, 2 server, 3 client…)
 * @param startNanos epoch nanoseconds, 0 when missing
 * @param statusCode 0 unset, 1 ok, 2 error
 */
public record OtelSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    int kind,
    long startNanos,
    long endNanos,
    Map<String, JsonNode> attributes,
    Map<String, JsonNode> resource,
    String scopeName,
    String scopeVersion,
    List<Event> events,
    int statusCode,
    String statusMessage) {

  /** A span event (exception, GenAI message events, LangWatch events…). */
  public record Event(String name, long timeNanos, Map<String, JsonNode> attributes) {}

  /** A span as decoded, or why it could not be used (it is then counted as rejected). */
  public record Decoded(OtelSpan span, String problem) {
    public static Decoded ok(OtelSpan span) {
      return new Decoded(span, null);
    }

    public static Decoded rejected(String problem) {
      return new Decoded(null, problem);
    }
  }

  static String kindName(int kind) {
    return switch (kind) {
      case 1 -> "INTERNAL";
      case 2 -> "SERVER";
      case 3 -> "CLIENT";
      case 4 -> "PRODUCER";
      case 5 -> "CONSUMER";
      default -> "UNSPECIFIED";
    };
  }
}
