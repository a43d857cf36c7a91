package dev.selene.sdk.langchain4j;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.input.PromptTemplate;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.selene.sdk.RenderedTemplate;
import dev.selene.sdk.Scope;
import dev.selene.sdk.Selene;
import dev.selene.sdk.testing.FakeOpenAi;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.sdk.testing.TestClients;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Templates made in the real server, used as LangChain4j prompts and messages. */
class SeleneTemplatesTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final FakeOpenAi fake = new FakeOpenAi();
  private final Selene selene = TestClients.publicKey(server, project);

  @AfterEach
  void stop() {
    selene.close();
    fake.close();
  }

  private long createTemplate(String slug, String mode, Object content) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType("application/json")
        .body(
            Map.of(
                "slug",
                slug,
                "mode",
                mode,
                "content",
                content,
                "extra",
                Map.of("model", "gpt-4o-mini"),
                "isDraft",
                false))
        .post("/v1/templates")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("versions[0].id");
  }

  @Test
  void promptTemplate_textTemplate_filledByLangChain4j() {
    createTemplate("poem", "text", "Write a poem about {{ topic }} for {{name}}");

    PromptTemplate prompt = SeleneTemplates.promptTemplate(selene, "poem");

    assertThat(prompt.apply(Map.of("topic", "the sea", "name", "Ann")).text())
        .isEqualTo("Write a poem about the sea for Ann");
  }

  @Test
  void messages_chatTemplate_sentByTheModelAndLinkedToTheVersion() {
    long version =
        createTemplate(
            "support-prompt",
            "openai",
            List.of(
                Map.of("role", "system", "content", "You are {{persona}}."),
                Map.of("role", "user", "content", "Hello, my name is {{name}}"),
                Map.of("role", "assistant", "content", "Ahoy!")));
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(fake.baseUrl())
            .apiKey("sk-fake")
            .modelName("gpt-4o-mini")
            .maxRetries(0)
            .listeners(List.of(new SeleneChatModelListener(selene)))
            .build();

    RenderedTemplate t =
        selene.renderTemplate("support-prompt", Map.of("persona", "a pirate", "name", "Ann"));
    List<ChatMessage> messages = SeleneTemplates.messages(t);
    try (Scope s = t.use()) {
      model.chat(messages);
    }
    assertThat(selene.flush(Duration.ofSeconds(20))).isTrue();

    assertThat(messages)
        .containsExactly(
            SystemMessage.from("You are a pirate."),
            UserMessage.from("Hello, my name is Ann"),
            AiMessage.from("Ahoy!"));
    JsonNode llm =
        stored.all().stream().filter(r -> r.get("type").asText().equals("llm")).findFirst().get();
    assertThat(llm.get("templateVersionId").asLong()).isEqualTo(version);
    assertThat(llm.at("/input/0/content").asText()).isEqualTo("You are a pirate.");
    assertThat(llm.at("/input/1/content").asText()).isEqualTo("Hello, my name is Ann");
  }

  @Test
  void wrongKind_refusedNamingTheOtherMethod() {
    createTemplate("chat", "openai", List.of(Map.of("role", "user", "content", "Hi")));
    createTemplate("text", "text", "Hi");

    assertThatThrownBy(() -> SeleneTemplates.promptTemplate(selene, "chat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SeleneTemplates.messages");
    assertThatThrownBy(() -> SeleneTemplates.messages(selene, "text", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text template");
  }
}
