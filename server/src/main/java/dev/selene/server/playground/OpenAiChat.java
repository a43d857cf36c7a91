package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's chat-completions protocol, spoken by OpenAI, Azure OpenAI, OpenRouter, Mistral, xAI,
 * Ollama and any OpenAI-compatible server. Streams ask for usage in the last chunk ({@code
 * stream_options.include_usage}), except for Mistral, which sends it unasked and rejects the
 * option.
 */
final class OpenAiChat implements ChatProtocol {
  private final ObjectMapper json;
  private final Provider provider;

  OpenAiChat(ObjectMapper json, Provider provider) {
    this.json = json;
    this.provider = provider;
  }

  @Override
  public ObjectNode body(ChatRequest request) {
    ObjectNode body = json.createObjectNode();
    body.put("model", request.model());
    body.set("messages", request.messages());
    body.setAll(ModelParams.openAi(request.model(), request.extra()));
    if (request.stream()) {
      body.put("stream", true);
      if (provider != Provider.MISTRAL) {
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    return body;
  }

  @Override
  public ChatResult parse(JsonNode response) {
    JsonNode choice = response.path("choices").path(0);
    if (!choice.path("message").isObject()) {
      throw new IllegalArgumentException("no choices[0].message in the answer");
    }
    JsonNode m = choice.get("message");
    ObjectNode message = json.createObjectNode().put("role", "assistant");
    message.set("content", m.path("content").isMissingNode() ? null : m.get("content"));
    if (m.path("tool_calls").isArray() && !m.get("tool_calls").isEmpty()) {
      message.set("tool_calls", m.get("tool_calls"));
    }
    JsonNode usage = response.path("usage");
    return new ChatResult(
        message,
        choice.path("finish_reason").asText(null),
        ModelParams.intValue(usage.get("prompt_tokens")),
        ModelParams.intValue(usage.get("completion_tokens")));
  }

  @Override
  public SseReader.Listener streamListener(ChatAccumulator into, String upstream) {
    return (event, data) -> {
      if (data.trim().equals("[DONE]")) {
        return true;
      }
      JsonNode chunk = ChatProtocol.json(json, data);
      if (chunk.has("error")) {
        throw UpstreamException.inStream(upstream, data);
      }
      JsonNode choice = chunk.path("choices").path(0);
      JsonNode delta = choice.path("delta");
      if (delta.path("content").isTextual()) {
        into.text(delta.get("content").asText());
      }
      for (JsonNode call : delta.path("tool_calls")) {
        into.toolCall(
            call.path("index").asInt(0),
            call.path("id").asText(null),
            call.path("function").path("name").asText(null),
            call.path("function").path("arguments").asText(""));
      }
      into.finish(choice.path("finish_reason").asText(null));
      JsonNode usage = chunk.path("usage");
      if (usage.isObject()) {
        into.usage(
            ModelParams.intValue(usage.get("prompt_tokens")),
            ModelParams.intValue(usage.get("completion_tokens")));
      }
      return false;
    };
  }
}
