package dev.selene.server.runs.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The value of a {@code user-props} filter as the reference normalises it: strings are trimmed, and
 * a typed payload {@code {"type": "boolean", "value": true}} (what the dashboard's value picker
 * sends) is unwrapped to its value, {@code {"type": "null"}} to null.
 */
final class UserPropValue {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UserPropValue() {}

  static JsonNode normalise(String raw) {
    String trimmed = raw.trim();
    if (trimmed.isEmpty()) {
      return JsonNodeFactory.instance.textNode(raw);
    }
    if (trimmed.startsWith("{")) {
      try {
        JsonNode parsed = JSON.readTree(trimmed);
        if (parsed != null && parsed.isObject() && parsed.has("type")) {
          if ("null".equals(parsed.get("type").asText())) {
            return JsonNodeFactory.instance.nullNode();
          }
          if (parsed.has("value")) {
            return parsed.get("value");
          }
        }
      } catch (java.io.IOException notJson) {
        // a plain string that happens to start with '{'
      }
    }
    return JsonNodeFactory.instance.textNode(trimmed);
  }
}
