package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Event timestamps: epoch milliseconds (JS SDK) or ISO-8601 with or without offset (Python). */
final class Timestamps {
  private Timestamps() {}

  /** The instant, or null when absent; a present but unreadable value is an error. */
  static Instant parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli(node.asLong());
    }
    if (node.isTextual()) {
      String text = node.asText().trim();
      if (text.matches("\\d{10,16}")) {
        return Instant.ofEpochMilli(Long.parseLong(text));
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
          // fall through to the error
        }
      }
    }
    throw new InvalidEventException(
        "timestamp: expected epoch milliseconds or an ISO-8601 date, got " + abbreviate(node));
  }

  static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
