package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;
import static dev.selene.server.otlp.Extractors.events;
import static dev.selene.server.otlp.Extractors.indexed;
import static dev.selene.server.otlp.Extractors.integer;
import static dev.selene.server.otlp.Extractors.json;
import static dev.selene.server.otlp.Extractors.lookup;
import static dev.selene.server.otlp.Extractors.number;
import static dev.selene.server.otlp.Extractors.text;
import static dev.selene.server.otlp.Extractors.whenPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.selene.server.otlp.Rule.Extracted;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenTelemetry GenAI semantic conventions: the current names ({@code gen_ai.input.messages},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.provider.name}…) and, as a second table, the
 * older ones still emitted by many instrumentations ({@code gen_ai.prompt.N.*}, {@code
 * gen_ai.usage.prompt_tokens}, message span events).
 */
final class GenAiConvention {
  private GenAiConvention() {}

  static final Map<String, String> OPERATIONS =
      Map.ofEntries(
          Map.entry("chat", "llm"),
          Map.entry("text_completion", "llm"),
          Map.entry("completion", "llm"),
          Map.entry("generate_content", "llm"),
          Map.entry("embeddings", "embed"),
          Map.entry("embedding", "embed"),
          Map.entry("execute_tool", "tool"),
          Map.entry("create_agent", "agent"),
          Map.entry("invoke_agent", "agent"),
          Map.entry("retrieval", "retriever"),
          Map.entry("invoke_workflow", "chain"));

  static final Set<String> INPUT_EVENTS =
      Set.of(
          "gen_ai.system.message",
          "gen_ai.user.message",
          "gen_ai.assistant.message",
          "gen_ai.tool.message");

  static final Convention CURRENT =
      Convention.named("genai")
          .rule(Field.TYPE, lookup("gen_ai.operation.name", OPERATIONS))
          .rule(Field.TYPE, whenPresent("gen_ai.tool.name", "tool"))
          .rule(Field.MODEL, text("gen_ai.request.model"))
          .rule(Field.MODEL, text("gen_ai.response.model"))
          .rule(Field.PROVIDER, text("gen_ai.provider.name"))
          .rule(Field.PROVIDER, text("gen_ai.system"))
          .rule(Field.NAME, text("gen_ai.agent.name"))
          .rule(Field.NAME, text("gen_ai.tool.name"))
          .rule(Field.INPUT, json("gen_ai.input.messages", GenAiConvention::inputWithSystem))
          .rule(
              Field.INPUT,
              json(
                  "gen_ai.system_instructions",
                  v -> NODES.arrayNode().add(Messages.systemMessage(v))))
          .rule(Field.INPUT, json("gen_ai.tool.call.arguments"))
          .rule(
              Field.OUTPUT,
              json("gen_ai.output.messages", v -> Messages.asOutput(Messages.fromGenAi(v))))
          .rule(Field.OUTPUT, json("gen_ai.tool.call.result"))
          .rule(Field.PROMPT_TOKENS, integer("gen_ai.usage.input_tokens"))
          .rule(Field.COMPLETION_TOKENS, integer("gen_ai.usage.output_tokens"))
          .rule(Field.CACHED_PROMPT_TOKENS, integer("gen_ai.usage.cache_read.input_tokens"))
          .rule(Field.CACHED_PROMPT_TOKENS, integer("gen_ai.usage.cache_read_input_tokens"))
          .rule(Field.REASONING_TOKENS, integer("gen_ai.usage.reasoning.output_tokens"))
          .rule(Field.REASONING_TOKENS, integer("gen_ai.usage.reasoning_tokens"))
          .param("temperature", number("gen_ai.request.temperature"))
          .param("topP", number("gen_ai.request.top_p"))
          .param("topK", number("gen_ai.request.top_k"))
          .param("maxTokens", integer("gen_ai.request.max_tokens"))
          .param("frequencyPenalty", number("gen_ai.request.frequency_penalty"))
          .param("presencePenalty", number("gen_ai.request.presence_penalty"))
          .param("seed", integer("gen_ai.request.seed"))
          .param("stop", json("gen_ai.request.stop_sequences"))
          .param("n", integer("gen_ai.request.choice.count"))
          .param("stream", Extractors.bool("gen_ai.request.stream"))
          .param("reasoningEffort", text("gen_ai.request.reasoning_effort"))
          .param("tools", json("gen_ai.tool.definitions"))
          .rule(Field.THREAD_ID, text("gen_ai.conversation.id"))
          .rule(Field.USER_ID, text("enduser.id"))
          .build();

  static final Convention LEGACY =
      Convention.named("genai-legacy")
          .rule(
              Field.INPUT, indexed("gen_ai.prompt", Messages::isMessageKey, Messages::fromIndexed))
          .rule(
              Field.OUTPUT,
              indexed(
                  "gen_ai.completion",
                  Messages::isMessageKey,
                  groups -> Messages.asOutput(Messages.fromIndexed(groups))))
          .rule(Field.INPUT, json("gen_ai.prompt", GenAiConvention::legacyMessages))
          .rule(Field.OUTPUT, json("gen_ai.completion", GenAiConvention::legacyOutput))
          .rule(
              Field.INPUT,
              events(
                  INPUT_EVENTS,
                  e -> nonEmpty(Messages.fromEventObjects(Messages.eventObjects(e))[0])))
          .rule(
              Field.OUTPUT,
              events(
                  Set.of("gen_ai.choice"),
                  e -> Messages.asOutput(Messages.fromEventObjects(Messages.eventObjects(e))[1])))
          .rule(Field.INPUT, eventAttribute("gen_ai.content.prompt", "gen_ai.prompt", false))
          .rule(
              Field.OUTPUT, eventAttribute("gen_ai.content.completion", "gen_ai.completion", true))
          .rule(Field.PROMPT_TOKENS, integer("gen_ai.usage.prompt_tokens"))
          .rule(Field.COMPLETION_TOKENS, integer("gen_ai.usage.completion_tokens"))
          .build();

  private static Extracted inputWithSystem(JsonNode messages, SpanView span) {
    ArrayNode converted = Messages.fromGenAi(messages);
    if (converted == null) {
      return Extractors.found(messages, "gen_ai.input.messages");
    }
    JsonNode system = Values.parseJson(span.attr("gen_ai.system_instructions"));
    if (system == null) {
      return Extractors.found(converted, "gen_ai.input.messages");
    }
    converted.insert(0, Messages.systemMessage(system));
    return new Extracted(
        converted,
        "gen_ai.system_instructions + gen_ai.input.messages",
        List.of("gen_ai.input.messages", "gen_ai.system_instructions"));
  }

  /** OpenLIT-style {@code gen_ai.prompt}: a JSON message list or plain prompt text. */
  private static JsonNode legacyMessages(JsonNode v) {
    if (v.isArray()) {
      ArrayNode m = Messages.fromOpenAiList(v);
      return m != null ? m : v;
    }
    return v.isTextual() ? NODES.arrayNode().add(user(v.asText())) : v;
  }

  private static JsonNode legacyOutput(JsonNode v) {
    if (v.isArray()) {
      ArrayNode m = Messages.fromOpenAiList(v);
      return m != null ? Messages.asOutput(m) : v;
    }
    if (v.isTextual()) {
      return NODES.objectNode().put("role", "assistant").put("content", v.asText());
    }
    return v;
  }

  private static JsonNode user(String text) {
    return NODES.objectNode().put("role", "user").put("content", text);
  }

  /** An attribute of a span event, e.g. OpenLIT's {@code gen_ai.content.prompt} event. */
  private static Rule.Extractor eventAttribute(String event, String attribute, boolean output) {
    return events(
        Set.of(event),
        list -> {
          JsonNode v = list.get(0).attributes().get(attribute);
          if (v == null) {
            return null;
          }
          JsonNode parsed = Values.parseJson(v);
          return output ? legacyOutput(parsed) : legacyMessages(parsed);
        });
  }

  private static JsonNode nonEmpty(ArrayNode a) {
    return a == null || a.isEmpty() ? null : a;
  }
}
