package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import java.time.Instant;
import java.util.Map;

/**
 * A validated {@code track_event} body, as LangWatch validates it: the base schema for every event,
 * then the schema of the reserved types ({@code thumbs_up_down}, {@code selected_text}, {@code
 * waited_to_finish}). Problems are 400s naming the field.
 */
record TrackEventRequest(
    String traceId,
    String eventType,
    ObjectNode metrics,
    ObjectNode details,
    String eventId,
    Instant timestamp) {

  static TrackEventRequest parse(JsonNode body, Instant now) {
    if (body == null || !body.isObject()) {
      throw invalid("body", "expected a JSON object");
    }
    String traceId = requiredString(body, "trace_id");
    if (traceId.length() == 32 && traceId.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      traceId = traceId.toLowerCase(java.util.Locale.ROOT); // OTLP trace ids are stored lowercase
    }
    String eventType = requiredString(body, "event_type");
    JsonNode metrics = body.get("metrics");
    if (metrics == null || !metrics.isObject()) {
      throw invalid("metrics", "required, an object of numbers ({} when there are none)");
    }
    metrics
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isNumber()) {
                throw invalid("metrics." + e.getKey(), "expected a number");
              }
            });
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    JsonNode rawDetails = body.get("event_details");
    if (rawDetails != null && !rawDetails.isNull()) {
      if (!rawDetails.isObject()) {
        throw invalid("event_details", "expected an object of strings");
      }
      rawDetails
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  details.set(e.getKey(), e.getValue());
                } else if (!e.getValue().isNull()) {
                  throw invalid("event_details." + e.getKey(), "expected a string or null");
                }
              });
    }
    JsonNode eventId = body.get("event_id");
    if (eventId != null && !eventId.isNull() && !eventId.isTextual()) {
      throw invalid("event_id", "expected a string");
    }
    JsonNode ts = body.get("timestamp");
    Instant timestamp = now;
    if (ts != null && !ts.isNull()) {
      if (!ts.isNumber()) {
        throw invalid("timestamp", "expected a unix timestamp in milliseconds");
      }
      timestamp = Instant.ofEpochMilli(ts.asLong());
    }
    reserved(eventType, (ObjectNode) metrics, rawDetails);
    return new TrackEventRequest(
        traceId,
        eventType,
        (ObjectNode) metrics,
        details,
        eventId == null || eventId.isNull() ? null : eventId.asText(),
        timestamp);
  }

  /** LangWatch's pre-defined event types and the metric each requires. */
  private static void reserved(String type, ObjectNode metrics, JsonNode details) {
    switch (type) {
      case "thumbs_up_down" -> {
        range(metrics, "vote", -1, 1, type);
        JsonNode feedback = details == null ? null : details.get("feedback");
        if (feedback != null && !feedback.isNull() && !feedback.isTextual()) {
          throw invalid("event_details.feedback", "expected a string or null");
        }
      }
      case "selected_text" -> {
        JsonNode length = metrics.get("text_length");
        if (length == null || length.asDouble() <= 0) {
          throw invalid("metrics.text_length", "required for selected_text, a number above 0");
        }
        JsonNode text = details == null ? null : details.get("selected_text");
        if (text != null && !text.isTextual()) {
          throw invalid("event_details.selected_text", "expected a string");
        }
      }
      case "waited_to_finish" -> range(metrics, "finished", 0, 1, type);
      default -> {}
    }
  }

  private static void range(ObjectNode metrics, String name, double min, double max, String type) {
    JsonNode v = metrics.get(name);
    if (v == null || v.asDouble() < min || v.asDouble() > max) {
      throw invalid(
          "metrics." + name,
          "required for " + type + ", a number between " + (int) min + " and " + (int) max);
    }
  }

  private static String requiredString(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw invalid(field, "required, a string");
    }
    return v.asText();
  }

  /** 400 (LangWatch's status for validation errors) naming the field. */
  static ApiException invalid(String field, String problem) {
    return new ApiException(
        400, "Validation error: " + field + ": " + problem, Map.of("field", field));
  }

  /** Lunary-style feedback for a thumbs event, or null (a 0 vote means "no opinion"). */
  JsonNode feedback() {
    if (!"thumbs_up_down".equals(eventType)) {
      return null;
    }
    double vote = metrics.get("vote").asDouble();
    if (vote == 0) {
      return null;
    }
    ObjectNode f = JsonNodeFactory.instance.objectNode();
    f.put("thumb", vote > 0 ? "up" : "down");
    if (details.has("feedback")) {
      f.put("comment", details.get("feedback").asText());
    }
    return f;
  }
}
