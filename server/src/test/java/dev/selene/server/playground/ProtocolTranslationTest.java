package dev.selene.server.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request translations users rely on when a template runs against another protocol. */
class ProtocolTranslationTest {
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode read(String s) throws Exception {
    return json.readTree(s);
  }

  @Test
  void anthropic_toolConversation_becomesToolUseAndToolResultBlocks() throws Exception {
    ArrayNode messages =
        Messages.normalize(
            read(
                "[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"weather?\"},"
                    + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"24C\"}]"));
    ObjectNode extra =
        (ObjectNode)
            read(
                "{\"max_tokens\":100,\"tool_choice\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}}]}");

    ObjectNode body =
        new AnthropicChat(json).body(new ChatRequest("claude-sonnet-4-5", messages, extra, false));

    assertThat(body.path("system").asText()).isEqualTo("sys");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
    JsonNode assistant = body.path("messages").get(1);
    assertThat(assistant.path("content").get(0).path("type").asText()).isEqualTo("tool_use");
    assertThat(assistant.path("content").get(0).path("input").path("city").asText())
        .isEqualTo("Paris");
    JsonNode result = body.path("messages").get(2);
    assertThat(result.path("role").asText()).isEqualTo("user");
    assertThat(result.path("content").get(0).path("tool_use_id").asText()).isEqualTo("c1");
    assertThat(body.path("tools").get(0).path("input_schema").path("type").asText())
        .isEqualTo("object");
    assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("any");
  }

  @Test
  void openAi_newerModels_getMaxCompletionTokensAndOnlyKnownParams() throws Exception {
    ObjectNode extra =
        (ObjectNode)
            read(
                "{\"max_tokens\":10,\"temperature\":0.2,\"reasoning_effort\":\"low\",\"ui_only\":1}");
    ObjectNode gpt5 = ModelParams.openAi("gpt-5-mini", extra);
    assertThat(gpt5.has("max_tokens")).isFalse();
    assertThat(gpt5.path("max_completion_tokens").asInt()).isEqualTo(10);
    assertThat(gpt5.path("temperature").asInt()).isEqualTo(1);
    assertThat(gpt5.path("reasoning_effort").asText()).isEqualTo("low");
    assertThat(gpt5.has("ui_only")).isFalse();

    ObjectNode gpt4o = ModelParams.openAi("gpt-4o", extra);
    assertThat(gpt4o.path("max_tokens").asInt()).isEqualTo(10);
    assertThat(gpt4o.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(gpt4o.has("reasoning_effort")).isFalse();
  }

  @Test
  void messages_legacyFieldsAreMapped() throws Exception {
    ArrayNode out =
        Messages.normalize(
            read(
                "[{\"role\":\"ai\",\"text\":\"hi\",\"id\":\"ui-1\"},{\"role\":\"human\",\"content\":\"yo\"}]"));
    assertThat(out.get(0).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"hi\"}");
    assertThat(out.get(1).path("role").asText()).isEqualTo("user");
    assertThat(Messages.normalize(json.getNodeFactory().textNode("plain")).toString())
        .isEqualTo("[{\"role\":\"user\",\"content\":\"plain\"}]");
  }

  @Test
  void sseReader_joinsMultiLineDataAndSkipsComments() {
    List<String> lines =
        new ArrayList<>(
            List.of(": OPENROUTER PROCESSING", "", "event: a", "data: 1", "data: 2", "", "data:3"));
    java.util.Iterator<String> it = lines.iterator();
    List<String> seen = new ArrayList<>();
    boolean done =
        SseReader.read(
            () -> it.hasNext() ? it.next() : null,
            (event, data) -> {
              seen.add(event + "|" + data);
              return false;
            });
    assertThat(done).isFalse();
    assertThat(seen).containsExactly("a|1\n2", "null|3");
  }
}
