package dev.selene.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the span → run mapping, over arbitrary mixes of every convention's attributes. */
class SpanMappingPropertiesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> TYPES =
      Set.of("llm", "embed", "tool", "retriever", "agent", "chain");

  /** Keys the rule tables read, plus some nobody reads. */
  private static final List<String> KEYS =
      List.of(
          "gen_ai.operation.name",
          "gen_ai.request.model",
          "gen_ai.response.model",
          "gen_ai.system",
          "gen_ai.provider.name",
          "gen_ai.input.messages",
          "gen_ai.output.messages",
          "gen_ai.system_instructions",
          "gen_ai.usage.input_tokens",
          "gen_ai.usage.output_tokens",
          "gen_ai.usage.prompt_tokens",
          "gen_ai.prompt.0.role",
          "gen_ai.prompt.0.content",
          "gen_ai.prompt.1.content",
          "gen_ai.completion.0.content",
          "gen_ai.completion.0.finish_reason",
          "gen_ai.request.temperature",
          "gen_ai.tool.name",
          "gen_ai.tool.call.arguments",
          "gen_ai.conversation.id",
          "gen_ai.agent.name",
          "openinference.span.kind",
          "llm.model_name",
          "llm.input_messages.0.message.role",
          "llm.input_messages.0.message.content",
          "llm.output_messages.0.message.content",
          "llm.invocation_parameters",
          "llm.token_count.prompt",
          "input.value",
          "output.value",
          "user.id",
          "session.id",
          "tag.tags",
          "metadata",
          "retrieval.documents.0.document.content",
          "ai.operationId",
          "ai.model.id",
          "ai.prompt",
          "ai.prompt.messages",
          "ai.response.text",
          "ai.response.toolCalls",
          "ai.usage.promptTokens",
          "ai.telemetry.functionId",
          "ai.telemetry.metadata.lunary_user_id",
          "ai.telemetry.metadata.plan",
          "traceloop.span.kind",
          "traceloop.entity.name",
          "traceloop.entity.input",
          "traceloop.association.properties.user_id",
          "llm.request.type",
          "agent_name",
          "events",
          "all_messages_events",
          "final_result",
          "tool_arguments",
          "tool_response",
          "langwatch.span.type",
          "langwatch.input",
          "langwatch.output",
          "langwatch.metrics",
          "langwatch.labels",
          "langwatch.user.id",
          "langwatch.metadata.k",
          "lunary.user.id",
          "lunary.tags",
          "lunary.type",
          "lunary.user.props",
          "lunary.template.id",
          "http.method",
          "app.custom",
          "x");

  @Property(tries = 400)
  void map_anyAttributes_neverFailsAndKeepsEveryAttributeSomewhere(
      @ForAll("attributes") Map<String, JsonNode> attributes) {
    OtelSpan span =
        new OtelSpan(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            null,
            "span",
            1,
            1_000_000_000L,
            2_000_000_000L,
            attributes,
            Map.of("service.name", NODES.textNode("svc")),
            "",
            "",
            List.of(),
            0,
            "");

    SpanMapper.MappedSpan mapped = SpanMapper.map(span);

    assertThat(TYPES).contains(mapped.type());
    JsonNode mapping = mapped.metadata().path("otel").path("mapping");
    for (String key : attributes.keySet()) {
      boolean inMetadata = mapped.metadata().has(key);
      boolean used = false;
      for (JsonNode source : mapping) {
        String s = source.asText();
        String prefix = s.endsWith("*") ? s.substring(0, s.length() - 1) : null;
        if (s.contains(key) || (prefix != null && key.startsWith(prefix))) {
          used = true;
        }
      }
      assertThat(inMetadata || used).as("attribute %s is neither mapped nor kept", key).isTrue();
    }
    assertThat(SpanMapper.map(span)).as("deterministic").isEqualTo(mapped);
  }

  @Provide
  Arbitrary<Map<String, JsonNode>> attributes() {
    Arbitrary<JsonNode> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
            Arbitraries.of(
                    "chat",
                    "LLM",
                    "llm",
                    "execute_tool",
                    "workflow",
                    "ai.generateText.doGenerate",
                    "[{\"role\":\"user\",\"content\":\"hi\"}]",
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"x\"}]}]",
                    "{\"type\":\"chat_messages\",\"value\":[{\"role\":\"user\"}]}",
                    "{\"type\":\"json\",\"value\":{\"promptTokens\":3}}",
                    "{\"a\":1}",
                    "[1,2]",
                    "{",
                    "null",
                    "42")
                .map(NODES::textNode),
            Arbitraries.longs().between(-5, 1_000_000).map(NODES::numberNode),
            Arbitraries.doubles().between(-1, 1e6).map(NODES::numberNode),
            Arbitraries.of(true, false).map(NODES::booleanNode),
            Arbitraries.strings()
                .ofMaxLength(5)
                .list()
                .ofMaxSize(3)
                .map(
                    l -> {
                      var a = NODES.arrayNode();
                      l.forEach(a::add);
                      return (JsonNode) a;
                    }));
    Arbitrary<String> keys = Arbitraries.of(KEYS);
    return Combinators.combine(keys.list().ofMaxSize(12), values.list().ofSize(12))
        .as(
            (ks, vs) -> {
              Map<String, JsonNode> m = new LinkedHashMap<>();
              for (int i = 0; i < ks.size(); i++) {
                m.put(ks.get(i), vs.get(i));
              }
              return m;
            });
  }
}
