package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One OTLP log record as both encodings decode it.
 *
 * @param spanId lowercase hex, or null when the record carries no (valid) span context
 * @param eventName the record's {@code event_name}, or its {@code event.name} attribute
 * @param body the body as JSON (text, or an object for key-value bodies), or null
 */
record OtelLog(
    String traceId,
    String spanId,
    String eventName,
    long timeNanos,
    int severity,
    String severityText,
    JsonNode body,
    Map<String, JsonNode> attributes) {}
