package dev.selene.server.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Small conversions of attribute values. */
final class Values {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Attribute strings are already bounded by the request size; only nesting is limited here. */
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(200)
                          .maxStringLength(Integer.MAX_VALUE)
                          .build())
                  .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                  .build())
          .build();

  /** Longest string kept in metadata for an attribute no rule used. */
  static final int MAX_METADATA_STRING = 16_384;

  /** Longest array kept in metadata for an attribute no rule used (embeddings…). */
  static final int MAX_METADATA_ARRAY = 256;

  private Values() {}

  /** A string holding a JSON object or array is parsed; anything else is returned as is. */
  static JsonNode parseJson(JsonNode v) {
    if (v == null || !v.isTextual()) {
      return v;
    }
    String t = v.asText().trim();
    if (t.length() < 2) {
      return v;
    }
    char first = t.charAt(0);
    char last = t.charAt(t.length() - 1);
    if ((first == '{' && last == '}') || (first == '[' && last == ']')) {
      try {
        return JSON.readTree(t);
      } catch (IOException e) {
        return v;
      }
    }
    return v;
  }

  /** Parses JSON text, or returns the text itself when it is not JSON. */
  static JsonNode parseAny(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return NODES.textNode(text);
    }
  }

  static String write(JsonNode v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Long asLong(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      return Double.isFinite(d) ? Math.round(d) : null;
    }
    if (v.isTextual()) {
      try {
        return Math.round(Double.parseDouble(v.asText().trim()));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Double asDouble(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Integer asInt(JsonNode v) {
    Long l = asLong(v);
    if (l == null || l < 0) {
      return null;
    }
    return (int) Math.min(l, Integer.MAX_VALUE);
  }

  /** Strings from an array, a single string, or an object's values (LangWatch labels). */
  static ArrayNode stringList(JsonNode v) {
    ArrayNode out = NODES.arrayNode();
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      for (JsonNode item : v) {
        if (item.isValueNode() && !item.isNull() && !item.asText().isEmpty()) {
          out.add(item.asText());
        }
      }
    } else if (v.isObject()) {
      v.fields().forEachRemaining(e -> out.add(e.getKey() + ": " + e.getValue().asText()));
    } else if (!v.asText().isEmpty()) {
      out.add(v.asText());
    }
    return out;
  }

  static String text(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    return v.isValueNode() ? v.asText() : write(v);
  }

  /** A copy of {@code v} safe to keep in metadata: long strings and arrays are cut. */
  static JsonNode truncated(JsonNode v) {
    if (v.isTextual() && v.asText().length() > MAX_METADATA_STRING) {
      String t = v.asText();
      return NODES.textNode(
          t.substring(0, MAX_METADATA_STRING) + "…[truncated " + t.length() + " chars]");
    }
    if (v.isArray()) {
      ArrayNode out = NODES.arrayNode();
      int i = 0;
      for (JsonNode item : v) {
        if (i++ == MAX_METADATA_ARRAY) {
          out.add("…[truncated " + v.size() + " items]");
          break;
        }
        out.add(truncated(item));
      }
      return out;
    }
    if (v.isObject()) {
      ObjectNode out = NODES.objectNode();
      v.fields().forEachRemaining(e -> out.set(e.getKey(), truncated(e.getValue())));
      return out;
    }
    return v;
  }
}
