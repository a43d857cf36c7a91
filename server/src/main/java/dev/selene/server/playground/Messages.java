package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import java.util.Set;

/**
 * Turns rendered template content into OpenAI chat messages: a text template becomes one user
 * message; legacy and camelCase fields are mapped ({@code text} → {@code content}, {@code
 * toolCalls} → {@code tool_calls}, role {@code ai} → assistant, {@code human} → user), and keys
 * providers do not know (UI ids...) are dropped.
 */
final class Messages {
  private static final Set<String> KEPT =
      Set.of("role", "content", "name", "tool_calls", "tool_call_id", "function_call", "refusal");

  private Messages() {}

  static ArrayNode normalize(JsonNode content) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (content.isTextual()) {
      out.addObject().put("role", "user").put("content", content.asText());
      return out;
    }
    if (!content.isArray() || content.isEmpty()) {
      throw ApiException.invalid("content", "must be a non-empty string or array of chat messages");
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode m = content.get(i);
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw ApiException.invalid("content[" + i + "]", "must be a chat message with a \"role\"");
      }
      out.add(message((ObjectNode) m));
    }
    return out;
  }

  private static ObjectNode message(ObjectNode m) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    m.fields()
        .forEachRemaining(
            e -> {
              String key =
                  switch (e.getKey()) {
                    case "text" -> "content";
                    case "toolCalls" -> "tool_calls";
                    case "toolCallId" -> "tool_call_id";
                    case "functionCall" -> "function_call";
                    default -> e.getKey();
                  };
              if (KEPT.contains(key) && !(out.has(key) && e.getKey().equals("text"))) {
                out.set(key, e.getValue());
              }
            });
    String role = out.path("role").asText();
    out.put(
        "role",
        switch (role) {
          case "ai" -> "assistant";
          case "human" -> "user";
          default -> role;
        });
    if (!out.has("content")) {
      out.putNull("content");
    }
    return out;
  }

  /** The text of a message content: a string, or the text parts of a content array joined. */
  static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder out = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          out.append(part.get("text").asText());
        }
      }
    }
    return out.toString();
  }
}
