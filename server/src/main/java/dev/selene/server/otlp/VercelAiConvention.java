package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;
import static dev.selene.server.otlp.Extractors.first;
import static dev.selene.server.otlp.Extractors.integer;
import static dev.selene.server.otlp.Extractors.json;
import static dev.selene.server.otlp.Extractors.lookup;
import static dev.selene.server.otlp.Extractors.number;
import static dev.selene.server.otlp.Extractors.prefixed;
import static dev.selene.server.otlp.Extractors.stringList;
import static dev.selene.server.otlp.Extractors.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.otlp.Rule.Extracted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vercel AI SDK telemetry ({@code experimental_telemetry}): the outer {@code ai.generateText} span
 * becomes a chain named by its {@code functionId}, the provider call ({@code .doGenerate}, {@code
 * .doStream}) the LLM run, {@code ai.toolCall} a tool. Lunary's guide passes the user and thread as
 * telemetry metadata ({@code lunary_user_id}, {@code thread_id}).
 */
final class VercelAiConvention {
  private VercelAiConvention() {}

  private static final String META = "ai.telemetry.metadata.";

  static final Map<String, String> OPERATIONS =
      Map.ofEntries(
          Map.entry("ai.generatetext", "chain"),
          Map.entry("ai.streamtext", "chain"),
          Map.entry("ai.generateobject", "chain"),
          Map.entry("ai.streamobject", "chain"),
          Map.entry("ai.embed", "chain"),
          Map.entry("ai.embedmany", "chain"),
          Map.entry("ai.generatetext.dogenerate", "llm"),
          Map.entry("ai.streamtext.dostream", "llm"),
          Map.entry("ai.generateobject.dogenerate", "llm"),
          Map.entry("ai.streamobject.dostream", "llm"),
          Map.entry("ai.embed.doembed", "embed"),
          Map.entry("ai.embedmany.doembed", "embed"),
          Map.entry("ai.toolcall", "tool"));

  static final Convention TABLE =
      Convention.named("vercel-ai")
          .rule(Field.TYPE, lookup("ai.operationId", OPERATIONS))
          .rule(Field.MODEL, text("ai.model.id"))
          .rule(Field.MODEL, text("ai.response.model"))
          .rule(Field.PROVIDER, text("ai.model.provider"))
          .rule(Field.NAME, text("ai.toolCall.name"))
          .rule(Field.NAME, text("ai.telemetry.functionId"))
          .rule(Field.INPUT, json("ai.prompt.messages", v -> Messages.fromVercel(v)))
          .rule(Field.INPUT, json("ai.prompt", v -> Messages.fromVercelPrompt(v)))
          .rule(Field.INPUT, first(json("ai.toolCall.args"), json("ai.toolCall.input")))
          .rule(Field.INPUT, first(json("ai.value"), json("ai.values")))
          .rule(Field.OUTPUT, VercelAiConvention::responseMessage)
          .rule(Field.OUTPUT, json("ai.response.object"))
          .rule(Field.OUTPUT, first(json("ai.toolCall.result"), json("ai.toolCall.output")))
          .rule(
              Field.PROMPT_TOKENS,
              first(integer("ai.usage.inputTokens"), integer("ai.usage.promptTokens")))
          .rule(
              Field.COMPLETION_TOKENS,
              first(integer("ai.usage.outputTokens"), integer("ai.usage.completionTokens")))
          .rule(Field.PROMPT_TOKENS, integer("ai.usage.tokens"))
          .rule(Field.CACHED_PROMPT_TOKENS, integer("ai.usage.cachedInputTokens"))
          .rule(Field.REASONING_TOKENS, integer("ai.usage.reasoningTokens"))
          .param("temperature", number("ai.settings.temperature"))
          .param(
              "maxTokens",
              first(integer("ai.settings.maxOutputTokens"), integer("ai.settings.maxTokens")))
          .param("topP", number("ai.settings.topP"))
          .param("topK", number("ai.settings.topK"))
          .param("frequencyPenalty", number("ai.settings.frequencyPenalty"))
          .param("presencePenalty", number("ai.settings.presencePenalty"))
          .param("seed", integer("ai.settings.seed"))
          .param("stop", json("ai.settings.stopSequences"))
          .param("tools", json("ai.prompt.tools", VercelAiConvention::tools))
          .param("toolChoice", json("ai.prompt.toolChoice"))
          .rule(
              Field.USER_ID,
              first(text(META + "lunary_user_id"), text(META + "userId"), text(META + "user_id")))
          .rule(
              Field.THREAD_ID,
              first(
                  text(META + "thread_id"),
                  text(META + "threadId"),
                  text(META + "sessionId"),
                  text(META + "session_id")))
          .rule(Field.TAGS, stringList(META + "tags"))
          .rule(Field.METADATA, prefixed(META))
          .build();

  /** {@code ai.response.text} and {@code ai.response.toolCalls} as one assistant message. */
  private static Extracted responseMessage(SpanView s) {
    JsonNode text = s.attr("ai.response.text");
    JsonNode calls = Values.parseJson(s.attr("ai.response.toolCalls"));
    if (text == null && calls == null) {
      return null;
    }
    ObjectNode msg = NODES.objectNode();
    msg.put("role", "assistant");
    msg.put("content", text == null ? null : text.asText());
    List<String> keys = new ArrayList<>();
    if (text != null) {
      keys.add("ai.response.text");
    }
    if (calls != null && calls.isArray()) {
      keys.add("ai.response.toolCalls");
      ArrayNode out = msg.putArray("toolCalls");
      for (JsonNode c : calls) {
        out.add(
            Messages.toolCall(
                c.path("toolCallId").asText(null),
                c.path("toolName").asText(null),
                c.has("input") ? c.get("input") : c.get("args")));
      }
    }
    return new Extracted(msg, String.join(" + ", keys), keys);
  }

  /** {@code ai.prompt.tools} is an array of JSON strings, one per tool. */
  private static JsonNode tools(JsonNode v) {
    if (!v.isArray()) {
      return v;
    }
    ArrayNode out = NODES.arrayNode();
    v.forEach(t -> out.add(Values.parseJson(t)));
    return out;
  }
}
