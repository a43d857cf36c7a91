package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.json;
import static dev.selene.server.otlp.Extractors.text;
import static dev.selene.server.otlp.Extractors.whenPresent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Pydantic AI as instrumented by Logfire: agent runs ({@code agent_name}, {@code
 * all_messages_events} or {@code pydantic_ai.all_messages}, {@code final_result}), model requests
 * whose messages travel as a JSON array in the {@code events} attribute, and tool runs ({@code
 * tool_arguments}, {@code tool_response}).
 */
final class LogfireConvention {
  private LogfireConvention() {}

  static final Convention TABLE =
      Convention.named("logfire")
          .rule(Field.TYPE, whenPresent("agent_name", "agent"))
          .rule(Field.TYPE, whenPresent("tool_arguments", "tool"))
          .rule(Field.NAME, text("agent_name"))
          .rule(Field.MODEL, text("model_name"))
          .rule(Field.INPUT, json("events", v -> eventMessages(v, false)))
          .rule(Field.OUTPUT, json("events", v -> eventMessages(v, true)))
          .rule(Field.INPUT, json("pydantic_ai.all_messages", LogfireConvention::allMessages))
          .rule(Field.INPUT, json("all_messages_events", v -> eventMessages(v, false)))
          .rule(Field.OUTPUT, json("final_result"))
          .rule(Field.INPUT, json("tool_arguments"))
          .rule(Field.OUTPUT, json("tool_response"))
          .build();

  private static JsonNode eventMessages(JsonNode events, boolean output) {
    if (!events.isArray()) {
      return null;
    }
    List<JsonNode> list = new ArrayList<>();
    events.forEach(list::add);
    ArrayNode[] converted = Messages.fromEventObjects(list);
    if (output) {
      return Messages.asOutput(converted[1]);
    }
    return converted[0].isEmpty() ? null : converted[0];
  }

  private static JsonNode allMessages(JsonNode v) {
    ArrayNode m = Messages.fromGenAi(v);
    return m != null ? m : v;
  }
}
