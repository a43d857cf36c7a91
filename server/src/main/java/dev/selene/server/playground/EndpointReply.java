package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * What a custom endpoint answered, read the ways the docs allow: plain text, an OpenAI-style
 * message array (the last assistant message, else every message as {@code role: content}), an
 * OpenAI chat completion, an object with a text field ({@code content}, {@code text}, {@code
 * output}, {@code answer}, {@code response}, {@code result}), or any other JSON (shown
 * pretty-printed). {@code format} says which.
 */
record EndpointReply(
    ObjectNode message,
    String format,
    JsonNode raw,
    Integer promptTokens,
    Integer completionTokens) {

  private static final String[] TEXT_FIELDS = {
    "content", "text", "output", "answer", "response", "result"
  };

  static EndpointReply read(ObjectMapper json, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (Exception notJson) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      return new EndpointReply(
          assistant(json, text), "text", json.getNodeFactory().textNode(text), null, null);
    }
    if (node.isTextual()) {
      return new EndpointReply(assistant(json, node.asText()), "text", node, null, null);
    }
    if (isMessageArray(node)) {
      return new EndpointReply(fromMessages(json, node), "messages", node, null, null);
    }
    JsonNode usage = node.path("usage");
    Integer prompt = ModelParams.intValue(usage.get("prompt_tokens"));
    Integer completion = ModelParams.intValue(usage.get("completion_tokens"));
    JsonNode choice = node.path("choices").path(0).path("message");
    if (choice.isObject() && choice.has("role")) {
      return new EndpointReply(choice.deepCopy(), "openai", node, prompt, completion);
    }
    if (node.isObject()) {
      for (String field : TEXT_FIELDS) {
        if (node.path(field).isTextual()) {
          return new EndpointReply(
              assistant(json, node.get(field).asText()), "text", node, prompt, completion);
        }
      }
      JsonNode message = node.path("message");
      if (message.isObject() && message.has("content")) {
        ObjectNode m = message.deepCopy();
        m.put("role", m.path("role").asText("assistant"));
        return new EndpointReply(m, "message", node, prompt, completion);
      }
    }
    return new EndpointReply(
        assistant(json, node.toPrettyString()), "json", node, prompt, completion);
  }

  private static boolean isMessageArray(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      return false;
    }
    for (JsonNode m : node) {
      if (!m.isObject()
          || !m.has("role")
          || !(m.has("content") || m.has("tool_calls") || m.has("function_call"))) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode fromMessages(ObjectMapper json, JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("assistant".equals(messages.get(i).path("role").asText())) {
        return messages.get(i).deepCopy();
      }
    }
    StringBuilder all = new StringBuilder();
    for (JsonNode m : messages) {
      if (all.length() > 0) {
        all.append('\n');
      }
      all.append(m.path("role").asText()).append(": ").append(Messages.text(m.get("content")));
    }
    return assistant(json, all.toString());
  }

  private static ObjectNode assistant(ObjectMapper json, String content) {
    return json.createObjectNode().put("role", "assistant").put("content", content);
  }
}
