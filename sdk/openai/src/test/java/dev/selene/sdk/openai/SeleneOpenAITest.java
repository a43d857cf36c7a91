package dev.selene.sdk.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import dev.selene.sdk.RenderedTemplate;
import dev.selene.sdk.Scope;
import dev.selene.sdk.Selene;
import dev.selene.sdk.SeleneConfig;
import dev.selene.sdk.testing.FakeOpenAi;
import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.RecordingServer.Answer;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java client, pointed at a local OpenAI-speaking server, tracked into Selene.
 */
class SeleneOpenAITest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final FakeOpenAi fake = new FakeOpenAi();
  private final RecordingServer selenePort = RecordingServer.start().forwardTo(server.baseUrl());
  private final Selene selene =
      Selene.create(
          SeleneConfig.builder()
              .apiUrl(selenePort.url())
              .publicKey(project.publicKey())
              .shutdownHook(false)
              .build());
  private final OpenAIClient openai =
      SeleneOpenAI.wrap(
          OpenAIOkHttpClient.builder()
              .baseUrl(fake.baseUrl())
              .apiKey("sk-fake")
              .maxRetries(0)
              .build(),
          selene);

  @AfterEach
  void stop() {
    selene.close();
    fake.close();
    selenePort.close();
  }

  private void flush() {
    assertThat(selene.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(selene.stats().failed()).isZero();
  }

  private JsonNode onlyLlmRun() {
    List<JsonNode> llm =
        stored.all().stream().filter(r -> r.get("type").asText().equals("llm")).toList();
    assertThat(llm).hasSize(1);
    return llm.get(0);
  }

  private static ChatCompletionCreateParams.Builder hello(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage("Be brief")
        .addUserMessage("Hi");
  }

  @Test
  void create_insideAgent_trackedAsChildLlmRunWithEverything() {
    String agentId;
    ChatCompletion completion;
    try (Scope u = selene.identify("user-1", Map.of("name", "Ann"));
        Scope t = selene.tags("openai")) {
      Object[] result = new Object[2];
      agentId =
          selene.agent(
              "assistant",
              "Hi",
              run -> {
                result[0] =
                    openai
                        .chat()
                        .completions()
                        .create(
                            hello("gpt-4o-mini").temperature(0.3).maxCompletionTokens(50).build());
                return run.id();
              });
      completion = (ChatCompletion) result[0];
    }
    flush();

    assertThat(completion.choices().get(0).message().content()).contains("Hello from fake");
    JsonNode llm = onlyLlmRun();
    assertThat(llm.get("parentRunId").asText()).isEqualTo(agentId);
    assertThat(llm.get("name").asText()).isEqualTo("gpt-4o-mini");
    assertThat(llm.get("status").asText()).isEqualTo("success");
    assertThat(llm.get("input").toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
    assertThat(llm.at("/params/temperature").asDouble()).isEqualTo(0.3);
    assertThat(llm.at("/params/maxCompletionTokens").asInt()).isEqualTo(50);
    assertThat(llm.at("/output/role").asText()).isEqualTo("assistant");
    assertThat(llm.at("/output/content").asText()).isEqualTo("Hello from fake");
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(9);
    assertThat(llm.at("/tokens/completion").asInt()).isEqualTo(3);
    assertThat(llm.at("/tokens/cachedPrompt").asInt()).isEqualTo(4);
    assertThat(llm.at("/user/externalId").asText()).isEqualTo("user-1");
    assertThat(llm.get("tags").toString()).isEqualTo("[\"openai\"]");
    // nothing of Selene's leaks into the provider request
    assertThat(fake.requests.get(0).has("tags")).isFalse();
    assertThat(fake.requests.get(0).has("user")).isFalse();
  }

  @Test
  void create_withUserAndMetadata_recordedAndForwarded() {
    openai
        .chat()
        .completions()
        .create(
            hello("gpt-4o")
                .user("user-42")
                .metadata(
                    ChatCompletionCreateParams.Metadata.builder()
                        .putAdditionalProperty("feature", JsonValue.from("search"))
                        .build())
                .build());
    flush();

    JsonNode llm = onlyLlmRun();
    assertThat(llm.at("/user/externalId").asText()).isEqualTo("user-42");
    assertThat(llm.at("/metadata/feature").asText()).isEqualTo("search");
    assertThat(fake.requests.get(0).get("user").asText()).isEqualTo("user-42");
  }

  @Test
  void create_withTools_recordsToolsAndToolCalls() {
    ChatCompletion c =
        openai
            .chat()
            .completions()
            .create(
                hello("fake-tools")
                    .addTool(
                        ChatCompletionFunctionTool.builder()
                            .function(
                                FunctionDefinition.builder()
                                    .name("get_weather")
                                    .parameters(
                                        FunctionParameters.builder()
                                            .putAdditionalProperty("type", JsonValue.from("object"))
                                            .build())
                                    .build())
                            .build())
                    .build());
    flush();

    assertThat(c.choices().get(0).message().toolCalls()).isPresent();
    JsonNode llm = onlyLlmRun();
    assertThat(llm.at("/params/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(llm.at("/output/toolCalls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(llm.at("/output/toolCalls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void createStreaming_chunksPassThroughAndRunHasTheWholeReply() {
    String text;
    try (StreamResponse<ChatCompletionChunk> stream =
        openai.chat().completions().createStreaming(hello("gpt-4o-mini").build())) {
      text =
          stream.stream()
              .flatMap(c -> c.choices().stream())
              .map(c -> c.delta().content().orElse(""))
              .collect(Collectors.joining());
    }
    flush();

    assertThat(text).isEqualTo("Hello from fake");
    JsonNode llm = onlyLlmRun();
    assertThat(llm.get("status").asText()).isEqualTo("success");
    assertThat(llm.at("/output/content").asText()).isEqualTo("Hello from fake");
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(8);
    assertThat(llm.at("/tokens/completion").asInt()).isEqualTo(2);
    assertThat(llm.at("/params/stream").asBoolean()).isTrue();
  }

  @Test
  void asyncCreate_runEndsWhenTheFutureCompletes() throws Exception {
    String agentId =
        selene.agent(
            "async-agent",
            "Hi",
            run -> {
              ChatCompletion c =
                  openai.async().chat().completions().create(hello("gpt-4o-mini").build()).get();
              assertThat(c.choices().get(0).message().content()).contains("Hello from fake");
              return run.id();
            });
    flush();

    JsonNode llm = onlyLlmRun();
    assertThat(llm.get("parentRunId").asText()).isEqualTo(agentId);
    assertThat(llm.get("status").asText()).isEqualTo("success");
    assertThat(llm.at("/output/content").asText()).isEqualTo("Hello from fake");
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(9);
  }

  @Test
  void asyncCreateStreaming_subscriberSeesChunksAndRunHasTheWholeReply() throws Exception {
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<ChatCompletionChunk> stream =
        openai.async().chat().completions().createStreaming(hello("gpt-4o-mini").build());
    CompletableFuture<Void> done = new CompletableFuture<>();
    stream.subscribe(
        new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
          @Override
          public void onNext(ChatCompletionChunk chunk) {
            chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
          }

          @Override
          public void onComplete(Optional<Throwable> error) {
            done.complete(null);
          }
        });
    done.get(10, TimeUnit.SECONDS);
    flush();

    assertThat(text.toString()).isEqualTo("Hello from fake");
    JsonNode llm = onlyLlmRun();
    assertThat(llm.get("status").asText()).isEqualTo("success");
    assertThat(llm.at("/output/content").asText()).isEqualTo("Hello from fake");
    assertThat(llm.at("/tokens/completion").asInt()).isEqualTo(2);
  }

  @Test
  void create_providerError_runFailsAndTheErrorReachesTheCaller() {
    assertThatThrownBy(() -> openai.chat().completions().create(hello("fake-error").build()))
        .isInstanceOf(BadRequestException.class);
    flush();

    JsonNode llm = onlyLlmRun();
    assertThat(llm.get("status").asText()).isEqualTo("error");
    assertThat(llm.at("/error/message").asText()).contains("does not exist");
  }

  @Test
  void params_fromRenderedTemplate_requestBuiltAndRunCarriesTemplateId() {
    selenePort.route(
        "/v1/template_versions/latest",
        new Answer(
            200,
            Map.of(),
            "{\"id\":\"17\",\"content\":[{\"role\":\"system\",\"content\":\"You are {{persona}}.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"}],\"extra\":{\"model\":\"gpt-4o-mini\","
                + "\"temperature\":0.2,\"maxTokens\":30}}"));
    RenderedTemplate t = selene.renderTemplate("pirate", Map.of("persona", "a pirate"));

    try (Scope s = t.use()) {
      openai.chat().completions().create(SeleneOpenAI.params(t).build());
    }
    flush();

    JsonNode sent = fake.requests.get(0);
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(30);
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You are a pirate.");
    JsonNode llm = onlyLlmRun();
    assertThat(llm.get("templateVersionId").asLong()).isEqualTo(17);
    assertThat(llm.at("/input/0/content").asText()).isEqualTo("You are a pirate.");
  }

  @Test
  void wrap_otherServicesAndWithOptions_stillWorkAndStillTracked() {
    OpenAIClient again = SeleneOpenAI.wrap(openai, selene);
    assertThat(again).isSameAs(openai);

    again
        .withOptions(o -> o.timeout(Duration.ofSeconds(5)))
        .chat()
        .completions()
        .create(hello("gpt-4o").build());
    flush();
    assertThat(onlyLlmRun().get("name").asText()).isEqualTo("gpt-4o");
  }
}
