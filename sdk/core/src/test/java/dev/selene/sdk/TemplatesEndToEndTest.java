package dev.selene.sdk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selene.sdk.testing.StoredRuns;
import dev.selene.sdk.testing.TestClients;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Templates made in the real server, rendered by the SDK, and LLM runs linked to them. */
class TemplatesEndToEndTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final Selene selene = TestClients.publicKey(server, project);

  @AfterEach
  void close() {
    selene.close();
  }

  /** Creates a template as a teammate would in the dashboard; returns its version id. */
  private long createTemplate(String slug, String mode, Object content, Map<String, Object> extra) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType("application/json")
        .body(
            Map.of(
                "slug", slug, "mode", mode, "content", content, "extra", extra, "isDraft", false))
        .post("/v1/templates")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("versions[0].id");
  }

  @Test
  void renderTemplate_chatTemplate_messagesParamsAndVersionId() {
    long versionId =
        createTemplate(
            "support-prompt",
            "openai",
            List.of(
                Map.of("role", "system", "content", "You are {{persona}}."),
                Map.of("role", "user", "content", "Hello, my name is {{ name }}")),
            Map.of("model", "gpt-4o-mini", "temperature", 0.3, "max_tokens", 100));

    RenderedTemplate t =
        selene.renderTemplate("support-prompt", Map.of("persona", "a pirate", "name", "Ann"));

    assertThat(t.templateId()).isEqualTo(Long.toString(versionId));
    assertThat(t.messages())
        .containsExactly(
            Map.of("role", "system", "content", "You are a pirate."),
            Map.of("role", "user", "content", "Hello, my name is Ann"));
    assertThat(t.model()).isEqualTo("gpt-4o-mini");
    assertThat(t.params()).containsEntry("temperature", 0.3).containsEntry("max_tokens", 100L);
  }

  @Test
  void renderTemplate_textTemplate_text() {
    createTemplate("poem", "text", "Write a poem about {{topic}}", Map.of("model", "gpt-4o"));

    RenderedTemplate t = selene.renderTemplate("poem", Map.of("topic", "the sea"));

    assertThat(t.isChat()).isFalse();
    assertThat(t.text()).isEqualTo("Write a poem about the sea");
  }

  @Test
  void use_llmRunMadeWithTheTemplate_storedWithItsVersion() {
    long versionId =
        createTemplate(
            "linked",
            "openai",
            List.of(Map.of("role", "user", "content", "Hi")),
            Map.of("model", "gpt-4o-mini"));
    RenderedTemplate t = selene.renderTemplate("linked", Map.of());

    String runId;
    try (Scope s = t.use()) {
      runId = selene.llm(t.model(), t.messages(), run -> run.id());
    }
    assertThat(selene.flush(Duration.ofSeconds(20))).isTrue();

    assertThat(stored.run(runId).get("templateVersionId").asLong()).isEqualTo(versionId);
  }

  @Test
  void renderTemplate_unknownSlug_throwsNotFound() {
    assertThatThrownBy(() -> selene.renderTemplate("no-such-template", Map.of()))
        .isInstanceOf(SeleneException.class)
        .extracting(e -> ((SeleneException) e).status())
        .isEqualTo(404);
  }

  @Test
  void liveTemplates_privateKey_latestVersionOfEachRenderable() {
    createTemplate("first", "text", "Hello {{name}}", Map.of("model", "gpt-4o"));
    long chatVersion =
        createTemplate(
            "second",
            "openai",
            List.of(Map.of("role", "user", "content", "Bonjour {{name}}")),
            Map.of("model", "gpt-4o-mini"));
    try (Selene withPrivateKey =
        Selene.create(
            SeleneConfig.builder()
                .apiUrl(server.baseUrl())
                .privateKey(project.privateKey())
                .shutdownHook(false)
                .build())) {
      List<Template> live = withPrivateKey.liveTemplates();

      assertThat(live).extracting(Template::slug).containsExactly("second", "first");
      Template chat = live.get(0);
      assertThat(chat.id()).isEqualTo(Long.toString(chatVersion));
      assertThat(chat.extra()).containsEntry("model", "gpt-4o-mini");
      assertThat(chat.render(Map.of("name", "Ann")).messages())
          .containsExactly(Map.of("role", "user", "content", "Bonjour Ann"));
      assertThat(live.get(1).render(Map.of("name", "Bob")).text()).isEqualTo("Hello Bob");
    }
  }

  @Test
  void liveTemplates_publicKey_refused() {
    createTemplate("only", "text", "Hi", Map.of());
    assertThatThrownBy(() -> selene.liveTemplates())
        .isInstanceOf(SeleneException.class)
        .hasMessageContaining("key was refused")
        .extracting(e -> ((SeleneException) e).status())
        .isEqualTo(403);
  }
}
