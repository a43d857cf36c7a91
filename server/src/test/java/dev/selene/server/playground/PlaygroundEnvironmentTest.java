package dev.selene.server.playground;

import static dev.selene.server.playground.PlaygroundTestSupport.priv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider keys and base URLs from the server environment (the self-hosting docs' variables), and
 * the timeout. Uses a second Selene server on the shared test database, configured with those
 * variables and a one-second timeout.
 */
class PlaygroundEnvironmentTest {
  private static final FakeUpstream fake = new FakeUpstream();
  private static SeleneServer selene;
  private static String baseUrl;

  private final TestProject project = TestServer.shared().newProject();

  @BeforeAll
  static void start() {
    String jdbc = ((HikariDataSource) TestServer.shared().db()).getJdbcUrl();
    selene =
        SeleneServer.start(
            ConfigLoader.load(
                TestServer.testEnvironment(
                    Map.ofEntries(
                        Map.entry("DATABASE_URL", jdbc),
                        Map.entry("OPENAI_API_KEY", "sk-env-openai"),
                        Map.entry("OPENAI_BASE_URL", fake.url() + "/openai/v1"),
                        Map.entry("ANTHROPIC_API_KEY", "sk-env-anthropic"),
                        Map.entry("ANTHROPIC_BASE_URL", fake.url() + "/anthropic"),
                        Map.entry("AZURE_OPENAI_API_KEY", "az-env-key"),
                        Map.entry("AZURE_OPENAI_ENDPOINT", fake.url() + "/azure"),
                        Map.entry("AZURE_OPENAI_DEPLOYMENT_ID", "my-deployment"),
                        Map.entry("OLLAMA_BASE_URL", fake.url() + "/ollama"),
                        Map.entry("MISTRAL_API_KEY", "sk-env-mistral"),
                        Map.entry("MISTRAL_BASE_URL", fake.url() + "/mistral/v1"),
                        Map.entry("SELENE_PLAYGROUND_TIMEOUT_SECONDS", "1")))));
    baseUrl = "http://localhost:" + selene.port();
  }

  @AfterAll
  static void stop() {
    selene.close();
    fake.close();
  }

  private static Map<String, Object> run(String model, Object... more) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("content", "Hi");
    body.put("extra", Map.of("model", model));
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return body;
  }

  @Test
  void openAiModel_usesOpenAiKeyAndBaseUrlFromTheEnvironment() {
    fake.on("/openai/v1/chat/completions", FakeUpstream.json(200, ProviderRunTest.OPENAI_ANSWER));
    priv(baseUrl, project)
        .body(run("gpt-4o-mini"))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("provider", equalTo("openai"));
    assertThat(fake.last().header("Authorization")).isEqualTo("Bearer sk-env-openai");
  }

  @Test
  void claudeModel_usesAnthropicFromTheEnvironment() {
    fake.on(
        "/anthropic/v1/messages",
        FakeUpstream.json(
            200,
            "{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}"));
    priv(baseUrl, project)
        .body(run("claude-sonnet-4-5"))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("message.content", equalTo("hello"));
    assertThat(fake.last().header("x-api-key")).isEqualTo("sk-env-anthropic");
  }

  @Test
  void azureProvider_callsTheDeploymentWithApiKeyHeader() {
    fake.on(
        "/azure/openai/deployments/my-deployment/chat/completions",
        FakeUpstream.json(200, ProviderRunTest.OPENAI_ANSWER));
    priv(baseUrl, project)
        .body(run("gpt-4o", "provider", "azure_openai"))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("provider", equalTo("azure_openai"));
    assertThat(fake.last().header("api-key")).isEqualTo("az-env-key");
    assertThat(fake.last().query()).isEqualTo("api-version=" + ProviderResolver.AZURE_API_VERSION);
  }

  @Test
  void ollamaProvider_usesItsOpenAiCompatibleApiWithoutKey() {
    fake.on("/ollama/v1/chat/completions", FakeUpstream.json(200, ProviderRunTest.OPENAI_ANSWER));
    priv(baseUrl, project)
        .body(run("llama3.2", "provider", "ollama"))
        .post("/v1/playground")
        .then()
        .statusCode(200);
    assertThat(fake.last().header("Authorization")).isNull();
  }

  @Test
  void mistralModel_streamsWithoutStreamOptions() {
    fake.on("/mistral/v1/chat/completions", FakeUpstream.sse(ProviderRunTest.OPENAI_STREAM));
    priv(baseUrl, project)
        .body(run("mistral-large-latest", "stream", true))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body(containsString("\"type\":\"end\""));
    assertThat(fake.last().header("Authorization")).isEqualTo("Bearer sk-env-mistral");
    assertThat(fake.last().body().has("stream_options")).isFalse();
  }

  @Test
  void projectProviderConfig_takesPrecedenceOverTheEnvironment() {
    PlaygroundTestSupport.providerConfig(
        baseUrl, project, "openai", fake.url() + "/mine/v1", List.of());
    fake.on("/mine/v1/chat/completions", FakeUpstream.json(200, ProviderRunTest.OPENAI_ANSWER));
    priv(baseUrl, project).body(run("gpt-4o")).post("/v1/playground").then().statusCode(200);
    assertThat(fake.last().path()).isEqualTo("/mine/v1/chat/completions");
    assertThat(fake.last().header("Authorization")).isEqualTo("Bearer sk-test-openai-0123456789");
  }

  @Test
  void providerSilentBeforeAnswering_returns504AfterTheTimeout() {
    CountDownLatch release = new CountDownLatch(1);
    fake.on("/openai/v1/chat/completions", FakeUpstream.silent(release));
    try {
      priv(baseUrl, project)
          .body(run("gpt-4o", "stream", true))
          .post("/v1/playground")
          .then()
          .statusCode(504)
          .body("error", equalTo("Gateway Timeout"))
          .body(
              "message",
              equalTo("OpenAI did not answer within 1 s (SELENE_PLAYGROUND_TIMEOUT_SECONDS)"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void providerSilentMidStream_endsTheStreamWithA504ErrorLine() throws Exception {
    CountDownLatch resume = new CountDownLatch(1);
    fake.on(
        "/openai/v1/chat/completions", FakeUpstream.sse(ProviderRunTest.OPENAI_STREAM, 2, resume));
    try {
      String body =
          priv(baseUrl, project)
              .body(run("gpt-4o", "stream", true))
              .post("/v1/playground")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      String[] lines = body.trim().split("\n");
      JsonNode last = PlaygroundTestSupport.json(lines[lines.length - 1]);
      assertThat(PlaygroundTestSupport.json(lines[0]).path("content").asText()).isEqualTo("Hel");
      assertThat(last.path("type").asText()).isEqualTo("error");
      assertThat(last.path("error").path("status").asInt()).isEqualTo(504);
    } finally {
      resume.countDown();
    }
    var runs = PlaygroundTestSupport.playgroundRuns(TestServer.shared().db(), project.id());
    assertThat(runs.get(runs.size() - 1).get("status")).isEqualTo("error");
  }
}
