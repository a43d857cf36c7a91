package dev.selene.sdk.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.selene.sdk.Scope;
import dev.selene.sdk.Selene;
import dev.selene.sdk.testing.FakeOpenAi;
import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.sdk.testing.TestClients;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI model, pointed at a local OpenAI-speaking server, tracked into Selene. */
class SeleneLangChain4jTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final FakeOpenAi fake = new FakeOpenAi();
  private final Selene selene = TestClients.publicKey(server, project);

  interface Assistant {
    String chat(String question);
  }

  static class WeatherTools {
    @Tool(name = "get_weather", value = "The weather in a city")
    String getWeather(@P("city") String city) {
      return "sunny, 21°C in " + city;
    }
  }

  @AfterEach
  void stop() {
    selene.close();
    fake.close();
  }

  private ChatModel model(String name) {
    return OpenAiChatModel.builder()
        .baseUrl(fake.baseUrl())
        .apiKey("sk-fake")
        .modelName(name)
        .temperature(0.2)
        .maxRetries(0)
        .listeners(List.of(new SeleneChatModelListener(selene)))
        .build();
  }

  private void flush() {
    assertThat(selene.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(selene.stats().failed()).isZero();
  }

  private List<JsonNode> ofType(String type) {
    return stored.all().stream().filter(r -> r.get("type").asText().equals(type)).toList();
  }

  @Test
  void chatModel_insideAgentAndIdentify_llmRunIsTheAgentsChild() {
    String agentId;
    try (Scope u = selene.identify("lc-user", Map.of("name", "Lee"))) {
      agentId =
          selene.agent(
              "lc-agent",
              "Hi",
              run -> {
                assertThat(model("gpt-4o-mini").chat("Hi")).isEqualTo("Hello from fake");
                return run.id();
              });
    }
    flush();

    JsonNode llm = ofType("llm").get(0);
    assertThat(llm.get("parentRunId").asText()).isEqualTo(agentId);
    assertThat(llm.get("name").asText()).isEqualTo("gpt-4o-mini");
    assertThat(llm.get("status").asText()).isEqualTo("success");
    assertThat(llm.get("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
    assertThat(llm.at("/output/content").asText()).isEqualTo("Hello from fake");
    assertThat(llm.at("/params/temperature").asDouble()).isEqualTo(0.2);
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(9);
    assertThat(llm.at("/tokens/completion").asInt()).isEqualTo(3);
    assertThat(llm.at("/metadata/provider").asText()).isEqualTo("OPEN_AI");
    assertThat(llm.at("/user/externalId").asText()).isEqualTo("lc-user");
  }

  @Test
  void aiServiceWithTool_agentLlmToolLlmTrace() {
    Assistant assistant =
        AiServices.builder(Assistant.class)
            .chatModel(model("fake-tools"))
            .tools(new WeatherTools())
            .registerListeners(SeleneAiServiceListeners.all(selene))
            .build();

    String answer = assistant.chat("What's the weather in Paris?");
    flush();

    assertThat(answer).isEqualTo("It is sunny in Paris");
    JsonNode agent = ofType("agent").get(0);
    assertThat(agent.get("name").asText()).isEqualTo("Assistant.chat");
    assertThat(agent.get("input").asText()).isEqualTo("What's the weather in Paris?");
    assertThat(agent.get("output").asText()).isEqualTo("It is sunny in Paris");
    assertThat(agent.get("status").asText()).isEqualTo("success");

    List<JsonNode> children = stored.children(agent.get("id").asText());
    assertThat(children)
        .extracting(r -> r.get("type").asText())
        .containsExactlyInAnyOrder("llm", "tool", "llm");
    JsonNode tool = ofType("tool").get(0);
    assertThat(tool.get("name").asText()).isEqualTo("get_weather");
    assertThat(tool.get("input").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(tool.get("output").asText()).isEqualTo("sunny, 21°C in Paris");
    assertThat(tool.get("parentRunId").asText()).isEqualTo(agent.get("id").asText());
    List<JsonNode> llms = ofType("llm");
    assertThat(llms)
        .anySatisfy(
            l ->
                assertThat(l.at("/output/toolCalls/0/function/name").asText())
                    .isEqualTo("get_weather"));
    assertThat(llms)
        .anySatisfy(
            l ->
                assertThat(l.at("/params/tools/0/function/name").asText())
                    .isEqualTo("get_weather"));
  }

  @Test
  void streamingChatModel_insideAgent_llmRunHasTheWholeReply() throws Exception {
    StreamingChatModel streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(fake.baseUrl())
            .apiKey("sk-fake")
            .modelName("gpt-4o-mini")
            .listeners(List.of(new SeleneChatModelListener(selene)))
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    String agentId =
        selene.agent(
            "streaming-agent",
            "Hi",
            run -> {
              streaming.chat(
                  "Hi",
                  new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {}

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                      done.complete(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                      done.completeExceptionally(error);
                    }
                  });
              return run.id();
            });
    assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Hello from fake");
    // the listener may hear of the response after the application's handler: wait for the run
    RecordingServer.await(
        () -> {
          flush();
          return ofType("llm").stream().anyMatch(r -> !r.get("endedAt").isNull());
        });

    JsonNode llm = ofType("llm").get(0);
    assertThat(llm.get("parentRunId").asText()).isEqualTo(agentId);
    assertThat(llm.get("status").asText()).isEqualTo("success");
    assertThat(llm.at("/output/content").asText()).isEqualTo("Hello from fake");
  }

  @Test
  void chatModel_providerError_llmRunFails() {
    assertThatThrownBy(() -> model("fake-error").chat("Hi")).isInstanceOf(RuntimeException.class);
    flush();

    JsonNode llm = ofType("llm").get(0);
    assertThat(llm.get("status").asText()).isEqualTo("error");
    assertThat(llm.at("/error/message").asText()).contains("does not exist");
  }
}
