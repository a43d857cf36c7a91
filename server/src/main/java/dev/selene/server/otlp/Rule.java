package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One row of a convention's table: which field an extractor fills. */
record Rule(Field field, Extractor extractor) {

  /** Reads a value from a span; null when the span does not carry it. */
  @FunctionalInterface
  interface Extractor {
    Extracted from(SpanView span);
  }

  /**
   * What an extractor found: the value, the attribute(s) it came from as shown to users, and the
   * attribute keys it used up (they are then not copied into metadata).
   */
  record Extracted(JsonNode value, String source, List<String> keys) {}
}
