package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lunary deep-camelCases every incoming event, keys inside {@code input}, {@code output}, {@code
 * metadata}... included ({@code tool_calls} → {@code toolCalls}), and its API returns JSON that
 * way. Selene does the same so that reads match what Lunary clients expect.
 */
public final class CamelCase {
  private CamelCase() {}

  /** {@code -x} and {@code _x}, x a letter, become X; digits and other characters are kept. */
  public static String key(String key) {
    if (key.indexOf('_') < 0 && key.indexOf('-') < 0) {
      return key;
    }
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c == '_' || c == '-') && i + 1 < key.length() && Character.isLetter(key.charAt(i + 1))) {
        out.append(Character.toUpperCase(key.charAt(++i)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Rewrites the keys of {@code node} and everything below it, in place. */
  public static JsonNode deep(JsonNode node) {
    if (node instanceof ObjectNode object) {
      boolean rename = false;
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals(key(name))) {
          rename = true;
          break;
        }
      }
      if (rename) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        object.removeAll();
        for (Map.Entry<String, JsonNode> e : entries) {
          object.set(key(e.getKey()), deep(e.getValue()));
        }
      } else {
        object.fields().forEachRemaining(e -> e.setValue(deep(e.getValue())));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, deep(array.get(i)));
      }
    }
    return node;
  }
}
