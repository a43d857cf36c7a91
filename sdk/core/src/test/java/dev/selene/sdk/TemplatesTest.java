package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.RecordingServer.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Templates as the official SDKs fetch them: {@code GET /v1/template_versions/latest?slug=}. */
class TemplatesTest {
  private static final String CHAT =
      "{\"id\":\"42\",\"slug\":\"chat-tpl\",\"content\":[{\"role\":\"system\",\"content\":\"You are"
          + " {{persona}}.\"},{\"role\":\"user\",\"content\":\"Hello, my name is {{ name }}{{missing}}\"}],"
          + "\"extra\":{\"model\":\"gpt-4o-mini\",\"temperature\":0.3},\"version\":3}";
  private static final String TEXT =
      "{\"id\":43,\"content\":\"Write a poem about {{topic}} for {{name}}\",\"extra\":null}";

  private final RecordingServer server = RecordingServer.start();
  private final Selene selene =
      Selene.create(
          SeleneConfig.builder()
              .apiUrl(server.url())
              .privateKey("sk-tpl")
              .shutdownHook(false)
              .flushInterval(Duration.ofMinutes(1))
              .build());

  @AfterEach
  void stop() {
    selene.close();
    server.close();
  }

  @Test
  void renderTemplate_chatTemplate_messagesParamsAndId() {
    server.route("/v1/template_versions/latest", new Answer(200, Map.of(), CHAT));

    RenderedTemplate t =
        selene.renderTemplate("chat-tpl", Map.of("persona", "a pirate", "name", "Ann"));

    assertThat(t.isChat()).isTrue();
    assertThat(t.templateId()).isEqualTo("42");
    assertThat(t.model()).isEqualTo("gpt-4o-mini");
    assertThat(t.params()).containsEntry("temperature", 0.3);
    assertThat(t.messages())
        .containsExactly(
            Map.of("role", "system", "content", "You are a pirate."),
            Map.of("role", "user", "content", "Hello, my name is Ann"));
    assertThat(t.toMap()).containsEntry("templateId", "42").containsKey("messages");
    RecordingServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.query()).isEqualTo("slug=chat-tpl");
    assertThat(request.headers().get("Authorization")).isEqualTo("Bearer sk-tpl");
  }

  @Test
  void renderTemplate_textTemplate_textWithNumericIdAndNullExtra() {
    server.route("/v1/template_versions/latest", new Answer(200, Map.of(), TEXT));

    RenderedTemplate t = selene.renderTemplate("text-tpl", Map.of("topic", "the sea", "name", 7));

    assertThat(t.isChat()).isFalse();
    assertThat(t.text()).isEqualTo("Write a poem about the sea for 7");
    assertThat(t.templateId()).isEqualTo("43");
    assertThat(t.params()).isEmpty();
  }

  @Test
  void renderTemplate_sameSlugTwice_fetchedOnce() {
    server.route("/v1/template_versions/latest", new Answer(200, Map.of(), CHAT));
    selene.renderTemplate("chat-tpl", Map.of());
    selene.renderTemplate("chat-tpl", Map.of("name", "Bo"));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void renderTemplate_unknownSlug_throwsNamingIt() {
    server.route(
        "/v1/template_versions/latest", new Answer(404, Map.of(), "{\"message\":\"nope\"}"));
    assertThatThrownBy(() -> selene.renderTemplate("missing", Map.of()))
        .isInstanceOf(SeleneException.class)
        .hasMessageContaining("'missing' not found")
        .extracting(e -> ((SeleneException) e).status())
        .isEqualTo(404);
  }

  @Test
  void use_llmRunsInsideCarryTheTemplateId() {
    server.route("/v1/template_versions/latest", new Answer(200, Map.of(), CHAT));
    RenderedTemplate t = selene.renderTemplate("chat-tpl", Map.of());
    try (Scope s = t.use()) {
      selene.llm(t.model(), t.messages(), run -> "reply");
      selene.tool("not-an-llm", "x", run -> "y");
    }
    selene.llm("after", "x", run -> "y");
    selene.flush(Duration.ofSeconds(5));

    List<JsonNode> starts =
        server.acceptedEvents().stream()
            .filter(e -> e.get("event").asText().equals("start"))
            .toList();
    assertThat(starts)
        .extracting(e -> e.path("templateId").asText(null))
        .containsExactly("42", null, null);
  }
}
