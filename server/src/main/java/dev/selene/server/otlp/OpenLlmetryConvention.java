package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.NODES;
import static dev.selene.server.otlp.Extractors.bool;
import static dev.selene.server.otlp.Extractors.first;
import static dev.selene.server.otlp.Extractors.indexed;
import static dev.selene.server.otlp.Extractors.jsonText;
import static dev.selene.server.otlp.Extractors.lookup;
import static dev.selene.server.otlp.Extractors.prefixed;
import static dev.selene.server.otlp.Extractors.stringList;
import static dev.selene.server.otlp.Extractors.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Traceloop's OpenLLMetry: {@code traceloop.span.kind} and entity names for workflows, tasks,
 * agents and tools, {@code llm.request.type} for model calls (whose messages use the older GenAI
 * names), and association properties for user, session and custom metadata.
 */
final class OpenLlmetryConvention {
  private OpenLlmetryConvention() {}

  private static final String PROPS = "traceloop.association.properties.";

  static final Map<String, String> KINDS =
      Map.of("workflow", "chain", "task", "chain", "agent", "agent", "tool", "tool");

  static final Map<String, String> REQUEST_TYPES =
      Map.of(
          "chat", "llm",
          "completion", "llm",
          "embedding", "embed",
          "rerank", "retriever");

  static final Convention TABLE =
      Convention.named("openllmetry")
          .rule(Field.TYPE, lookup("traceloop.span.kind", KINDS))
          .rule(Field.TYPE, lookup("llm.request.type", REQUEST_TYPES))
          .rule(Field.NAME, text("traceloop.entity.name"))
          .rule(Field.NAME, text("traceloop.workflow.name"))
          .rule(Field.INPUT, jsonText("traceloop.entity.input", v -> unwrap(v, "inputs")))
          .rule(Field.OUTPUT, jsonText("traceloop.entity.output", v -> unwrap(v, "outputs")))
          .param("tools", indexed("llm.request.functions", OpenLlmetryConvention::functions))
          .param("stream", bool("llm.is_streaming"))
          .rule(
              Field.USER_ID,
              first(text(PROPS + "user_id"), text(PROPS + "userId"), text("llm.user")))
          .rule(
              Field.THREAD_ID,
              first(
                  text(PROPS + "thread_id"),
                  text(PROPS + "session_id"),
                  text(PROPS + "conversation_id")))
          .rule(Field.TAGS, stringList(PROPS + "tags"))
          .rule(Field.METADATA, prefixed(PROPS))
          .build();

  /** Entity input/output is {@code {"inputs": …}} / {@code {"outputs": …}} or the raw value. */
  private static JsonNode unwrap(JsonNode v, String key) {
    if (v.isObject() && v.size() == 1 && v.has(key)) {
      return v.get(key);
    }
    return v;
  }

  private static JsonNode functions(List<Map<String, JsonNode>> groups) {
    ArrayNode tools = NODES.arrayNode();
    for (Map<String, JsonNode> g : groups) {
      ObjectNode fn = NODES.objectNode();
      g.forEach((k, v) -> fn.set(k, Values.parseJson(v)));
      tools.addObject().put("type", "function").set("function", fn);
    }
    return tools;
  }
}
