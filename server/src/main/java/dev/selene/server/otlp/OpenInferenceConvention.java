package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;
import static dev.selene.server.otlp.Extractors.indexed;
import static dev.selene.server.otlp.Extractors.integer;
import static dev.selene.server.otlp.Extractors.json;
import static dev.selene.server.otlp.Extractors.lookup;
import static dev.selene.server.otlp.Extractors.stringList;
import static dev.selene.server.otlp.Extractors.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Arize OpenInference ({@code openinference.span.kind}, {@code llm.*}, {@code input.value}…). */
final class OpenInferenceConvention {
  private OpenInferenceConvention() {}

  static final Map<String, String> KINDS =
      Map.of(
          "llm", "llm",
          "embedding", "embed",
          "tool", "tool",
          "agent", "agent",
          "retriever", "retriever",
          "reranker", "retriever",
          "chain", "chain",
          "guardrail", "chain",
          "evaluator", "chain",
          "prompt", "chain");

  static final Convention TABLE =
      Convention.named("openinference")
          .rule(Field.TYPE, lookup("openinference.span.kind", KINDS))
          .rule(Field.MODEL, text("llm.model_name"))
          .rule(Field.MODEL, text("embedding.model_name"))
          .rule(Field.PROVIDER, text("llm.provider"))
          .rule(Field.PROVIDER, text("llm.system"))
          .rule(Field.NAME, text("agent.name"))
          .rule(Field.NAME, text("tool.name"))
          .rule(Field.INPUT, indexed("llm.input_messages", Messages::fromOpenInference))
          .rule(
              Field.OUTPUT,
              indexed("llm.output_messages", g -> Messages.asOutput(Messages.fromOpenInference(g))))
          .rule(
              Field.INPUT, indexed("embedding.embeddings", OpenInferenceConvention::embeddedTexts))
          .rule(Field.INPUT, json("input.value"))
          .rule(Field.OUTPUT, indexed("retrieval.documents", OpenInferenceConvention::documents))
          .rule(Field.OUTPUT, json("output.value"))
          .rule(Field.PARAMS, json("llm.invocation_parameters", v -> v.isObject() ? v : null))
          .param("tools", indexed("llm.tools", OpenInferenceConvention::tools))
          .rule(Field.PROMPT_TOKENS, integer("llm.token_count.prompt"))
          .rule(Field.COMPLETION_TOKENS, integer("llm.token_count.completion"))
          .rule(Field.CACHED_PROMPT_TOKENS, integer("llm.token_count.prompt_details.cache_read"))
          .rule(Field.REASONING_TOKENS, integer("llm.token_count.completion_details.reasoning"))
          .rule(Field.USER_ID, text("user.id"))
          .rule(Field.THREAD_ID, text("session.id"))
          .rule(Field.TAGS, stringList("tag.tags"))
          .rule(Field.METADATA, json("metadata", v -> v.isObject() ? v : null))
          .build();

  private static JsonNode embeddedTexts(List<Map<String, JsonNode>> groups) {
    ArrayNode texts = NODES.arrayNode();
    for (Map<String, JsonNode> g : groups) {
      JsonNode t = g.get("embedding.text");
      if (t != null) {
        texts.add(t.asText());
      }
    }
    return texts.isEmpty() ? null : texts.size() == 1 ? texts.get(0) : texts;
  }

  private static JsonNode documents(List<Map<String, JsonNode>> groups) {
    ArrayNode docs = NODES.arrayNode();
    for (Map<String, JsonNode> g : groups) {
      ObjectNode d = docs.addObject();
      g.forEach(
          (k, v) -> {
            if (k.startsWith("document.")) {
              d.set(k.substring("document.".length()), Values.parseJson(v));
            }
          });
    }
    return docs;
  }

  private static JsonNode tools(List<Map<String, JsonNode>> groups) {
    ArrayNode tools = NODES.arrayNode();
    for (Map<String, JsonNode> g : groups) {
      JsonNode schema = g.get("tool.json_schema");
      if (schema != null) {
        tools.add(Values.parseJson(schema));
      }
    }
    return tools.isEmpty() ? null : tools;
  }
}
