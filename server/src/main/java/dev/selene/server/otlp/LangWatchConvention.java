package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;
import static dev.selene.server.otlp.Extractors.first;
import static dev.selene.server.otlp.Extractors.json;
import static dev.selene.server.otlp.Extractors.lookup;
import static dev.selene.server.otlp.Extractors.number;
import static dev.selene.server.otlp.Extractors.prefixed;
import static dev.selene.server.otlp.Extractors.stringList;
import static dev.selene.server.otlp.Extractors.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.selene.server.otlp.Rule.Extracted;
import java.util.List;
import java.util.Map;

/**
 * LangWatch's attributes, written by its SDKs and by Selene's own {@code /api/collector} (which
 * converts collector spans into these, as LangWatch does): typed {@code langwatch.input} / {@code
 * langwatch.output} values, {@code langwatch.metrics}, RAG contexts, user, thread, customer and
 * labels (often as resource attributes).
 */
final class LangWatchConvention {
  private LangWatchConvention() {}

  static final Map<String, String> SPAN_TYPES =
      Map.ofEntries(
          Map.entry("llm", "llm"),
          Map.entry("rag", "retriever"),
          Map.entry("tool", "tool"),
          Map.entry("agent", "agent"),
          Map.entry("chain", "chain"),
          Map.entry("workflow", "chain"),
          Map.entry("component", "chain"),
          Map.entry("module", "chain"),
          Map.entry("task", "chain"),
          Map.entry("guardrail", "chain"),
          Map.entry("evaluation", "chain"),
          Map.entry("server", "chain"),
          Map.entry("client", "chain"),
          Map.entry("producer", "chain"),
          Map.entry("consumer", "chain"));

  static final Convention TABLE =
      Convention.named("langwatch")
          .rule(Field.TYPE, lookup("langwatch.span.type", SPAN_TYPES))
          .rule(Field.INPUT, json("langwatch.input", LangWatchConvention::typedValue))
          .rule(Field.OUTPUT, json("langwatch.output", LangWatchConvention::typedOutput))
          .rule(
              Field.OUTPUT,
              first(
                  json("langwatch.rag.contexts", LangWatchConvention::typedValue),
                  json("langwatch.rag_contexts", LangWatchConvention::typedValue),
                  json("langwatch.contexts", LangWatchConvention::typedValue)))
          .rule(
              Field.PARAMS,
              json("langwatch.params", v -> typedValue(v).isObject() ? typedValue(v) : null))
          .rule(Field.PROMPT_TOKENS, metric("promptTokens", "prompt_tokens"))
          .rule(Field.COMPLETION_TOKENS, metric("completionTokens", "completion_tokens"))
          .rule(Field.REASONING_TOKENS, metric("reasoningTokens", "reasoning_tokens"))
          .rule(
              Field.CACHED_PROMPT_TOKENS, metric("cacheReadInputTokens", "cache_read_input_tokens"))
          .rule(Field.COST, first(number("langwatch.span.cost"), metric("cost", "cost")))
          .rule(
              Field.USER_ID,
              first(text("langwatch.user.id"), text("langwatch.user_id"), text("user_id")))
          .rule(
              Field.THREAD_ID,
              first(
                  text("langwatch.thread.id"),
                  text("langwatch.thread_id"),
                  text("langwatch.langgraph.thread_id"),
                  text("thread_id")))
          .rule(
              Field.CUSTOMER_ID,
              first(
                  text("langwatch.customer.id"),
                  text("langwatch.customer_id"),
                  text("customer_id")))
          .rule(Field.TAGS, first(stringList("langwatch.labels"), stringList("langwatch.tags")))
          .rule(Field.METADATA, prefixed("langwatch.metadata."))
          .rule(Field.METADATA, json("langwatch.metadata", v -> v.isObject() ? v : null))
          .build();

  /** A LangWatch typed value {@code {type, value}} unwrapped into what Selene stores. */
  static JsonNode typedValue(JsonNode v) {
    if (!v.isObject() || !v.has("type") || !v.has("value")) {
      return v;
    }
    String type = v.path("type").asText();
    JsonNode value = v.get("value");
    return switch (type) {
      case "chat_messages" -> {
        ArrayNode m = Messages.fromOpenAiList(value);
        yield m != null ? m : value;
      }
      case "list" -> {
        if (!value.isArray()) {
          yield value;
        }
        ArrayNode out = NODES.arrayNode();
        value.forEach(item -> out.add(typedValue(item)));
        yield out;
      }
      case "text", "raw" -> value.isTextual() ? value : NODES.textNode(Values.text(value));
      default -> Values.parseJson(value);
    };
  }

  private static JsonNode typedOutput(JsonNode v) {
    JsonNode value = typedValue(v);
    if ("chat_messages".equals(v.path("type").asText()) && value.isArray()) {
      return Messages.asOutput((ArrayNode) value);
    }
    return value;
  }

  /** One number from {@code langwatch.metrics}: TS style (typed, camelCase) or Python style. */
  private static Rule.Extractor metric(String camel, String snake) {
    return s -> {
      JsonNode raw = s.attr("langwatch.metrics");
      if (raw == null) {
        return null;
      }
      JsonNode metrics = typedValue(Values.parseJson(raw));
      JsonNode n = metrics.has(camel) ? metrics.get(camel) : metrics.get(snake);
      if (n == null || !n.isNumber()) {
        return null;
      }
      return new Extracted(n, "langwatch.metrics." + camel, List.of("langwatch.metrics"));
    };
  }
}
