package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's messages protocol. Templates hold OpenAI-format messages and parameters, so requests
 * are translated (system messages → {@code system}, tool calls → {@code tool_use} blocks, tool
 * results → {@code tool_result} blocks, {@code stop} → {@code stop_sequences}, OpenAI tools →
 * {@code input_schema} tools) and answers translated back to an OpenAI assistant message.
 */
final class AnthropicChat implements ChatProtocol {
  static final int DEFAULT_MAX_TOKENS = 4096;

  private final ObjectMapper json;

  AnthropicChat(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public ObjectNode body(ChatRequest request) {
    ObjectNode extra = request.extra();
    ObjectNode body = json.createObjectNode();
    body.put("model", request.model());
    JsonNode max =
        extra.has("max_tokens") ? extra.get("max_tokens") : extra.get("max_completion_tokens");
    body.put("max_tokens", max != null && max.canConvertToInt() ? max.asInt() : DEFAULT_MAX_TOKENS);
    StringBuilder system = new StringBuilder();
    ArrayNode messages = body.putArray("messages");
    for (JsonNode m : request.messages()) {
      String role = m.path("role").asText();
      switch (role) {
        case "system", "developer" -> {
          if (system.length() > 0) {
            system.append("\n\n");
          }
          system.append(Messages.text(m.get("content")));
        }
        case "assistant" -> messages.add(assistant(m));
        case "tool", "function" -> messages.add(toolResult(m));
        default -> messages.add(user(m));
      }
    }
    if (system.length() > 0) {
      body.put("system", system.toString());
    }
    for (String copied : new String[] {"temperature", "top_p", "top_k", "thinking"}) {
      if (extra.has(copied) && !extra.get(copied).isNull()) {
        body.set(copied, extra.get(copied));
      }
    }
    JsonNode stop = extra.get("stop");
    if (stop != null && (stop.isTextual() || stop.isArray())) {
      ArrayNode sequences = body.putArray("stop_sequences");
      if (stop.isTextual()) {
        sequences.add(stop.asText());
      } else {
        sequences.addAll((ArrayNode) stop);
      }
    }
    if (extra.path("tools").isArray() && !extra.get("tools").isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (JsonNode t : extra.get("tools")) {
        JsonNode f = t.has("function") ? t.get("function") : t;
        ObjectNode tool = tools.addObject().put("name", f.path("name").asText());
        if (f.path("description").isTextual()) {
          tool.put("description", f.get("description").asText());
        }
        tool.set(
            "input_schema",
            f.path("parameters").isObject()
                ? f.get("parameters")
                : json.createObjectNode().put("type", "object"));
      }
      JsonNode choice = toolChoice(extra.get("tool_choice"));
      if (choice != null) {
        body.set("tool_choice", choice);
      }
    }
    if (request.stream()) {
      body.put("stream", true);
    }
    return body;
  }

  private JsonNode toolChoice(JsonNode choice) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    if (choice.isTextual()) {
      return switch (choice.asText()) {
        case "required" -> json.createObjectNode().put("type", "any");
        case "none" -> json.createObjectNode().put("type", "none");
        default -> json.createObjectNode().put("type", "auto");
      };
    }
    String name = choice.path("function").path("name").asText(null);
    return name == null ? null : json.createObjectNode().put("type", "tool").put("name", name);
  }

  private ObjectNode user(JsonNode m) {
    ObjectNode out = json.createObjectNode().put("role", "user");
    JsonNode content = m.get("content");
    if (content != null && content.isArray()) {
      ArrayNode blocks = out.putArray("content");
      for (JsonNode part : content) {
        String type = part.path("type").asText();
        if (type.equals("image_url")) {
          blocks.add(image(part.path("image_url").path("url").asText()));
        } else if (part.path("text").isTextual()) {
          blocks.addObject().put("type", "text").put("text", part.get("text").asText());
        }
      }
    } else {
      out.put("content", Messages.text(content));
    }
    return out;
  }

  private ObjectNode image(String url) {
    ObjectNode block = json.createObjectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    int comma = url.indexOf(',');
    if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      source
          .put("type", "base64")
          .put("media_type", url.substring(5, url.indexOf(';')))
          .put("data", url.substring(comma + 1));
    } else {
      source.put("type", "url").put("url", url);
    }
    return block;
  }

  private ObjectNode assistant(JsonNode m) {
    ObjectNode out = json.createObjectNode().put("role", "assistant");
    String text = Messages.text(m.get("content"));
    if (!m.path("tool_calls").isArray() || m.get("tool_calls").isEmpty()) {
      out.put("content", text);
      return out;
    }
    ArrayNode blocks = out.putArray("content");
    if (!text.isEmpty()) {
      blocks.addObject().put("type", "text").put("text", text);
    }
    for (JsonNode call : m.get("tool_calls")) {
      ObjectNode use =
          blocks
              .addObject()
              .put("type", "tool_use")
              .put("id", call.path("id").asText())
              .put("name", call.path("function").path("name").asText());
      JsonNode input;
      try {
        input = json.readTree(call.path("function").path("arguments").asText("{}"));
      } catch (Exception e) {
        input = null;
      }
      use.set("input", input != null && input.isObject() ? input : json.createObjectNode());
    }
    return out;
  }

  private ObjectNode toolResult(JsonNode m) {
    ObjectNode out = json.createObjectNode().put("role", "user");
    out.putArray("content")
        .addObject()
        .put("type", "tool_result")
        .put("tool_use_id", m.path("tool_call_id").asText())
        .put("content", Messages.text(m.get("content")));
    return out;
  }

  @Override
  public ChatResult parse(JsonNode response) {
    if (!response.path("content").isArray()) {
      throw new IllegalArgumentException("no content array in the answer");
    }
    ChatAccumulator acc = new ChatAccumulator(delta -> {});
    int tool = 0;
    for (JsonNode block : response.get("content")) {
      switch (block.path("type").asText()) {
        case "text" -> acc.text(block.path("text").asText());
        case "tool_use" ->
            acc.toolCall(
                tool++,
                block.path("id").asText(),
                block.path("name").asText(),
                block.path("input").toString());
        default -> {}
      }
    }
    acc.finish(finishReason(response.path("stop_reason").asText(null)));
    acc.usage(
        promptTokens(response.path("usage")),
        ModelParams.intValue(response.path("usage").get("output_tokens")));
    return acc.result();
  }

  @Override
  public SseReader.Listener streamListener(ChatAccumulator into, String upstream) {
    Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    return (event, data) -> {
      JsonNode e = ChatProtocol.json(json, data);
      switch (e.path("type").asText(event == null ? "" : event)) {
        case "message_start" -> {
          JsonNode usage = e.path("message").path("usage");
          into.usage(promptTokens(usage), ModelParams.intValue(usage.get("output_tokens")));
        }
        case "content_block_start" -> {
          JsonNode block = e.path("content_block");
          if (block.path("type").asText().equals("tool_use")) {
            int index = toolIndexByBlock.size();
            toolIndexByBlock.put(e.path("index").asInt(), index);
            into.toolCall(index, block.path("id").asText(), block.path("name").asText(), "");
          } else if (block.path("text").isTextual()) {
            into.text(block.get("text").asText());
          }
        }
        case "content_block_delta" -> {
          JsonNode delta = e.path("delta");
          switch (delta.path("type").asText()) {
            case "text_delta" -> into.text(delta.path("text").asText());
            case "input_json_delta" -> {
              Integer index = toolIndexByBlock.get(e.path("index").asInt());
              if (index == null) {
                throw new IllegalArgumentException("tool input for a block that is not a tool_use");
              }
              into.toolCall(index, null, null, delta.path("partial_json").asText(""));
            }
            default -> {}
          }
        }
        case "message_delta" -> {
          into.finish(finishReason(e.path("delta").path("stop_reason").asText(null)));
          into.usage(null, ModelParams.intValue(e.path("usage").get("output_tokens")));
        }
        case "message_stop" -> {
          return true;
        }
        case "error" -> throw UpstreamException.inStream(upstream, data);
        default -> {}
      }
      return false;
    };
  }

  /** Input tokens including prompt-cache reads and writes, as they are all billed input. */
  private static Integer promptTokens(JsonNode usage) {
    Integer input = ModelParams.intValue(usage.get("input_tokens"));
    if (input == null) {
      return null;
    }
    Integer read = ModelParams.intValue(usage.get("cache_read_input_tokens"));
    Integer write = ModelParams.intValue(usage.get("cache_creation_input_tokens"));
    return input + (read == null ? 0 : read) + (write == null ? 0 : write);
  }

  private static String finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> "stop";
      case "max_tokens" -> "length";
      case "tool_use" -> "tool_calls";
      default -> stopReason;
    };
  }
}
