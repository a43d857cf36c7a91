package dev.selene.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI fine-tuning lines from runs, as the reference's {@code ojsonl} export builds them: only
 * runs whose input and output are chat messages (objects with a role and content, tool calls or a
 * function call), input messages then output messages, empty tool-call lists dropped, null content
 * as {@code ""}, and keys back in OpenAI's snake_case.
 */
final class OpenAiMessages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenAiMessages() {}

  static Optional<ObjectNode> trainingLine(JsonNode input, JsonNode output) {
    ArrayNode messages = NODES.arrayNode();
    if (!addAll(input, messages) || !addAll(output, messages)) {
      return Optional.empty();
    }
    ObjectNode line = NODES.objectNode();
    line.set("messages", messages);
    return Optional.of(line);
  }

  private static boolean addAll(JsonNode value, ArrayNode into) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isArray()) {
      if (value.isEmpty()) {
        return false;
      }
      for (JsonNode message : value) {
        if (!isMessage(message)) {
          return false;
        }
      }
      value.forEach(m -> into.add(clean(m)));
      return true;
    }
    if (!isMessage(value)) {
      return false;
    }
    into.add(clean(value));
    return true;
  }

  static boolean isMessage(JsonNode node) {
    return node.isObject()
        && truthy(node.get("role"))
        && (truthy(node.get("content"))
            || truthy(node.get("toolCalls"))
            || truthy(node.get("functionCall")));
  }

  /** JavaScript truthiness of a JSON value, which the reference's check relies on. */
  private static boolean truthy(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return false;
    }
    if (node.isTextual()) {
      return !node.asText().isEmpty();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNumber()) {
      return node.asDouble() != 0;
    }
    return true;
  }

  private static JsonNode clean(JsonNode message) {
    ObjectNode copy = message.deepCopy();
    JsonNode toolCalls = copy.get("toolCalls");
    if (toolCalls != null && toolCalls.isArray() && toolCalls.isEmpty()) {
      copy.remove("toolCalls");
    }
    if (copy.has("content") && copy.get("content").isNull()) {
      copy.put("content", "");
    }
    copy.remove("enrichments");
    return snakeCase(copy);
  }

  static JsonNode snakeCase(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        out.set(snakeCase(field.getKey()), snakeCase(field.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(item -> out.add(snakeCase(item)));
      return out;
    }
    return node;
  }

  static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
