package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chat messages from each convention's shape into Lunary's: {@code {role, content, toolCalls?:
 * [{id, type: "function", function: {name, arguments}}], toolCallId?, name?}}, the shape the
 * dashboard renders and token counting reads.
 */
final class Messages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Messages() {}

  /** One message as the run's output, several as an array. */
  static JsonNode asOutput(ArrayNode messages) {
    if (messages == null || messages.isEmpty()) {
      return null;
    }
    return messages.size() == 1 ? messages.get(0) : messages;
  }

  // ---- OpenTelemetry GenAI (current): gen_ai.input.messages / gen_ai.output.messages ----

  /** {@code [{role, parts: [{type: text|tool_call|tool_call_response|…}]}]}; null if not that. */
  static ArrayNode fromGenAi(JsonNode messages) {
    if (!messages.isArray()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode m : messages) {
      if (!m.isObject()) {
        return null;
      }
      if (!m.has("parts")) {
        out.add(fromOpenAi(m));
        continue;
      }
      String role = m.path("role").asText("user");
      List<String> texts = new ArrayList<>();
      ArrayNode toolCalls = NODES.arrayNode();
      ArrayNode other = NODES.arrayNode();
      String reasoning = null;
      for (JsonNode part : m.path("parts")) {
        String type = part.path("type").asText("text");
        switch (type) {
          case "text" -> texts.add(Values.text(part.get("content")));
          case "reasoning", "thinking" -> reasoning = Values.text(part.get("content"));
          case "tool_call" ->
              toolCalls.add(
                  toolCall(
                      part.path("id").asText(null),
                      part.path("name").asText(null),
                      part.get("arguments")));
          case "tool_call_response" -> {
            ObjectNode tool = NODES.objectNode();
            tool.put("role", "tool");
            tool.set("content", contentValue(part.get("response")));
            tool.put("toolCallId", part.path("id").asText(null));
            out.add(tool);
          }
          default -> other.add(part);
        }
      }
      if (texts.isEmpty() && toolCalls.isEmpty() && other.isEmpty() && reasoning == null) {
        continue;
      }
      ObjectNode msg = NODES.objectNode();
      msg.put("role", role);
      if (!other.isEmpty()) {
        ArrayNode content = NODES.arrayNode();
        texts.forEach(t -> content.addObject().put("type", "text").put("text", t));
        content.addAll(other);
        msg.set("content", content);
      } else {
        msg.put("content", texts.isEmpty() ? null : String.join("\n", texts));
      }
      if (!toolCalls.isEmpty()) {
        msg.set("toolCalls", toolCalls);
      }
      if (reasoning != null) {
        msg.put("reasoning", reasoning);
      }
      copyText(m, "name", msg, "name");
      out.add(msg);
    }
    return out;
  }

  /** {@code gen_ai.system_instructions}: parts or a plain string, as a system message. */
  static ObjectNode systemMessage(JsonNode instructions) {
    String text;
    if (instructions.isArray()) {
      List<String> texts = new ArrayList<>();
      for (JsonNode part : instructions) {
        texts.add(part.isObject() ? Values.text(part.get("content")) : part.asText());
      }
      text = String.join("\n", texts);
    } else {
      text = Values.text(instructions);
    }
    ObjectNode msg = NODES.objectNode();
    msg.put("role", "system");
    msg.put("content", text);
    return msg;
  }

  // ---- Older GenAI / OpenLLMetry: gen_ai.prompt.N.role, gen_ai.completion.N.content… ----

  /** The per-message keys {@link #fromIndexed} reads; others (finish_reason…) stay metadata. */
  static boolean isMessageKey(String key) {
    return key.equals("role")
        || key.equals("content")
        || key.equals("tool_call_id")
        || key.equals("name")
        || key.startsWith("tool_calls.")
        || key.startsWith("function_call.");
  }

  static ArrayNode fromIndexed(List<Map<String, JsonNode>> groups) {
    ArrayNode out = NODES.arrayNode();
    for (Map<String, JsonNode> g : groups) {
      ObjectNode msg = NODES.objectNode();
      msg.put("role", g.containsKey("role") ? g.get("role").asText() : "user");
      JsonNode content = g.get("content");
      msg.set("content", content == null ? NODES.nullNode() : contentValue(content));
      ArrayNode calls = toolCalls(g, "tool_calls.", "id", "name", "arguments");
      if (g.containsKey("function_call.name")) {
        calls.add(
            toolCall(null, g.get("function_call.name").asText(), g.get("function_call.arguments")));
      }
      if (!calls.isEmpty()) {
        msg.set("toolCalls", calls);
      }
      copyText(g.get("tool_call_id"), msg, "toolCallId");
      copyText(g.get("name"), msg, "name");
      out.add(msg);
    }
    return out;
  }

  // ---- OpenInference: llm.input_messages.N.message.role / .content / .contents.M… ----

  static ArrayNode fromOpenInference(List<Map<String, JsonNode>> groups) {
    ArrayNode out = NODES.arrayNode();
    for (Map<String, JsonNode> g : groups) {
      ObjectNode msg = NODES.objectNode();
      msg.put("role", g.containsKey("message.role") ? g.get("message.role").asText() : "user");
      JsonNode content = g.get("message.content");
      if (content != null) {
        msg.set("content", contentValue(content));
      } else {
        TreeMap<Integer, String> texts = new TreeMap<>();
        g.forEach(
            (k, v) -> {
              if (k.startsWith("message.contents.") && k.endsWith(".message_content.text")) {
                String idx =
                    k.substring("message.contents.".length(), k.indexOf(".message_content"));
                texts.put(Integer.parseInt(idx), v.asText());
              }
            });
        msg.put("content", texts.isEmpty() ? null : String.join("\n", texts.values()));
      }
      ArrayNode calls =
          toolCalls(
              g,
              "message.tool_calls.",
              "tool_call.id",
              "tool_call.function.name",
              "tool_call.function.arguments");
      if (!calls.isEmpty()) {
        msg.set("toolCalls", calls);
      }
      copyText(g.get("message.tool_call_id"), msg, "toolCallId");
      copyText(g.get("message.name"), msg, "name");
      out.add(msg);
    }
    return out;
  }

  // ---- Vercel AI SDK: ai.prompt.messages ----

  /** {@code [{role, content: string | [{type: text|tool-call|tool-result, …}]}]}. */
  static ArrayNode fromVercel(JsonNode messages) {
    if (!messages.isArray()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode m : messages) {
      String role = m.path("role").asText("user");
      JsonNode content = m.get("content");
      if (content == null || !content.isArray()) {
        ObjectNode msg = NODES.objectNode();
        msg.put("role", role);
        msg.set("content", content == null ? NODES.nullNode() : contentValue(content));
        out.add(msg);
        continue;
      }
      List<String> texts = new ArrayList<>();
      ArrayNode calls = NODES.arrayNode();
      ArrayNode other = NODES.arrayNode();
      for (JsonNode part : content) {
        switch (part.path("type").asText("")) {
          case "text" -> texts.add(part.path("text").asText());
          case "reasoning" -> {}
          case "tool-call" ->
              calls.add(
                  toolCall(
                      part.path("toolCallId").asText(null),
                      part.path("toolName").asText(null),
                      part.has("input") ? part.get("input") : part.get("args")));
          case "tool-result" -> {
            ObjectNode tool = NODES.objectNode();
            tool.put("role", "tool");
            JsonNode result = part.has("output") ? part.get("output") : part.get("result");
            if (result != null && result.isObject() && result.has("value")) {
              result = result.get("value");
            }
            tool.set("content", result == null ? NODES.nullNode() : contentValue(result));
            tool.put("toolCallId", part.path("toolCallId").asText(null));
            copyText(part.get("toolName"), tool, "name");
            out.add(tool);
          }
          default -> other.add(part);
        }
      }
      if (texts.isEmpty() && calls.isEmpty() && other.isEmpty()) {
        continue;
      }
      ObjectNode msg = NODES.objectNode();
      msg.put("role", role);
      if (other.isEmpty()) {
        msg.put("content", texts.isEmpty() ? null : String.join("\n", texts));
      } else {
        ArrayNode parts = NODES.arrayNode();
        texts.forEach(t -> parts.addObject().put("type", "text").put("text", t));
        parts.addAll(other);
        msg.set("content", parts);
      }
      if (!calls.isEmpty()) {
        msg.set("toolCalls", calls);
      }
      out.add(msg);
    }
    return out;
  }

  /** Vercel's {@code ai.prompt}: {@code {system?, prompt?, messages?}}. */
  static ArrayNode fromVercelPrompt(JsonNode prompt) {
    if (!prompt.isObject()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    if (prompt.hasNonNull("system")) {
      out.addObject().put("role", "system").put("content", prompt.get("system").asText());
    }
    if (prompt.hasNonNull("messages")) {
      ArrayNode messages = fromVercel(prompt.get("messages"));
      if (messages != null) {
        out.addAll(messages);
      }
    }
    if (prompt.hasNonNull("prompt")) {
      JsonNode p = prompt.get("prompt");
      if (p.isArray()) {
        ArrayNode messages = fromVercel(p);
        if (messages != null) {
          out.addAll(messages);
        }
      } else {
        out.addObject().put("role", "user").put("content", p.asText());
      }
    }
    return out.isEmpty() ? null : out;
  }

  // ---- OpenAI-shaped messages (LangWatch chat_messages, Pydantic AI choice events) ----

  static ObjectNode fromOpenAi(JsonNode m) {
    ObjectNode msg = NODES.objectNode();
    msg.put("role", m.path("role").asText("user"));
    JsonNode content = m.get("content");
    msg.set("content", content == null ? NODES.nullNode() : contentValue(content));
    JsonNode calls = m.has("tool_calls") ? m.get("tool_calls") : m.get("toolCalls");
    if (calls != null && calls.isArray() && !calls.isEmpty()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode c : calls) {
        JsonNode fn = c.path("function");
        out.add(
            toolCall(
                c.path("id").asText(null),
                fn.isObject() ? fn.path("name").asText(null) : c.path("name").asText(null),
                fn.isObject() ? fn.get("arguments") : c.get("arguments")));
      }
      msg.set("toolCalls", out);
    }
    JsonNode callId = m.has("tool_call_id") ? m.get("tool_call_id") : m.get("toolCallId");
    copyText(callId, msg, "toolCallId");
    copyText(m.get("name"), msg, "name");
    return msg;
  }

  static ArrayNode fromOpenAiList(JsonNode messages) {
    if (!messages.isArray()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode m : messages) {
      if (!m.isObject()) {
        return null;
      }
      out.add(fromOpenAi(m));
    }
    return out;
  }

  // ---- GenAI message events (span events or Logfire's `events` attribute) ----

  /**
   * Events named {@code gen_ai.system.message}, {@code gen_ai.user.message}, {@code
   * gen_ai.assistant.message}, {@code gen_ai.tool.message} (the input) and {@code gen_ai.choice}
   * (the output), each given as an object of its attributes plus {@code event.name}.
   */
  static ArrayNode[] fromEventObjects(List<JsonNode> events) {
    ArrayNode input = NODES.arrayNode();
    ArrayNode output = NODES.arrayNode();
    for (JsonNode e : events) {
      String name = e.path("event.name").asText("");
      if ("gen_ai.choice".equals(name)) {
        JsonNode message = Values.parseJson(e.get("message"));
        if (message != null && message.isObject()) {
          ObjectNode msg = fromOpenAi(message);
          if (!message.has("role")) {
            msg.put("role", "assistant");
          }
          output.add(msg);
        } else if (e.has("content")) {
          output.add(fromOpenAi(withRole(e, "assistant")));
        }
        continue;
      }
      String role =
          switch (name) {
            case "gen_ai.system.message" -> "system";
            case "gen_ai.user.message" -> "user";
            case "gen_ai.assistant.message" -> "assistant";
            case "gen_ai.tool.message" -> "tool";
            default -> null;
          };
      if (role == null) {
        continue;
      }
      ObjectNode msg = fromOpenAi(withRole(e, role));
      if ("tool".equals(role) && !msg.has("toolCallId")) {
        copyText(e.get("id"), msg, "toolCallId");
      }
      input.add(msg);
    }
    return new ArrayNode[] {input, output};
  }

  static List<JsonNode> eventObjects(List<OtelSpan.Event> events) {
    List<JsonNode> out = new ArrayList<>(events.size());
    for (OtelSpan.Event e : events) {
      ObjectNode o = NODES.objectNode();
      o.put("event.name", e.name());
      e.attributes().forEach((k, v) -> o.set(k, Values.parseJson(v)));
      if (!o.has("content") && o.has("gen_ai.event.content")) {
        JsonNode body = o.get("gen_ai.event.content");
        if (body.isObject()) {
          body.fields().forEachRemaining(f -> o.set(f.getKey(), f.getValue()));
        }
      }
      out.add(o);
    }
    return out;
  }

  private static ObjectNode withRole(JsonNode e, String role) {
    ObjectNode copy = ((ObjectNode) e).deepCopy();
    if (!copy.hasNonNull("role")) {
      copy.put("role", role);
    }
    JsonNode calls = Values.parseJson(copy.get("tool_calls"));
    if (calls != null) {
      copy.set("tool_calls", calls);
    }
    return copy;
  }

  // ---- helpers ----

  static ObjectNode toolCall(String id, String name, JsonNode arguments) {
    ObjectNode call = NODES.objectNode();
    if (id != null) {
      call.put("id", id);
    }
    call.put("type", "function");
    ObjectNode fn = call.putObject("function");
    fn.put("name", name);
    fn.put("arguments", arguments == null ? null : Values.text(arguments));
    return call;
  }

  private static ArrayNode toolCalls(
      Map<String, JsonNode> g, String prefix, String idKey, String nameKey, String argsKey) {
    TreeMap<Integer, Map<String, JsonNode>> calls = new TreeMap<>();
    g.forEach(
        (k, v) -> {
          if (!k.startsWith(prefix)) {
            return;
          }
          String rest = k.substring(prefix.length());
          int dot = rest.indexOf('.');
          if (dot <= 0 || !rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
            return;
          }
          calls
              .computeIfAbsent(
                  Integer.parseInt(rest.substring(0, dot)), i -> new java.util.HashMap<>())
              .put(rest.substring(dot + 1), v);
        });
    ArrayNode out = NODES.arrayNode();
    for (Map<String, JsonNode> c : calls.values()) {
      out.add(
          toolCall(
              c.containsKey(idKey) ? c.get(idKey).asText() : null,
              c.containsKey(nameKey) ? c.get(nameKey).asText() : null,
              c.get(argsKey)));
    }
    return out;
  }

  /** Content as text when it is text; structured content (parts, objects) kept as JSON. */
  private static JsonNode contentValue(JsonNode v) {
    JsonNode parsed = v.isTextual() ? v : Values.parseJson(v);
    return parsed == null ? NODES.nullNode() : parsed;
  }

  private static void copyText(JsonNode from, String key, ObjectNode to, String as) {
    copyText(from.get(key), to, as);
  }

  private static void copyText(JsonNode v, ObjectNode to, String as) {
    if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
      to.put(as, v.asText());
    }
  }
}
