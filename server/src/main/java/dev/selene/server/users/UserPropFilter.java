package dev.selene.server.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code user-props=<key>.<value>} check of the filter language: the user's property {@code
 * key} equals {@code value}. As in the reference, the parts are separated by the first raw {@code
 * .} (a dot inside the key is sent as {@code %2E}), each part is URL-decoded, the value is trimmed,
 * and a typed wrapper {@code {"type":"number","value":3}} is unwrapped. A check with an empty part
 * is ignored, as the reference does for half-built filters.
 *
 * @param key the top-level property name
 * @param json the expected value as JSON text when it came typed (number, boolean, object...), or
 *     null when it is plain text
 * @param text the expected value as text, compared with the property's text form (so {@code 3}
 *     matches both {@code "3"} and {@code 3}); null when {@code json} is set
 */
record UserPropFilter(String key, String json, String text) {
  private static final String CHECK_ID = "user-props";
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<UserPropFilter> fromQueryString(String rawQuery) {
    List<UserPropFilter> filters = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return filters;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0 || !CHECK_ID.equals(decode(pair.substring(0, eq)))) {
        continue;
      }
      String raw = pair.substring(eq + 1);
      int dot = raw.indexOf('.');
      if (dot <= 0 || dot == raw.length() - 1) {
        continue;
      }
      String key = decode(raw.substring(0, dot));
      String value = decode(raw.substring(dot + 1)).trim();
      if (!key.isEmpty() && !value.isEmpty()) {
        filters.add(of(key, value));
      }
    }
    return filters;
  }

  boolean matchesNull() {
    return json != null && json.equals("null");
  }

  private static UserPropFilter of(String key, String value) {
    JsonNode typed = typedValue(value);
    if (typed == null || typed.isTextual()) {
      return new UserPropFilter(key, null, typed == null ? value : typed.asText());
    }
    return new UserPropFilter(key, typed.toString(), null);
  }

  /** The value of a {@code {"type": ..., "value": ...}} wrapper, or null when it is not one. */
  private static JsonNode typedValue(String value) {
    if (!value.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(value);
      if (node.isObject() && node.path("type").isTextual()) {
        if (node.get("type").asText().equals("null")) {
          return JSON.nullNode();
        }
        return node.get("value");
      }
    } catch (JsonProcessingException e) {
      // not a wrapper: compared as text
    }
    return null;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
