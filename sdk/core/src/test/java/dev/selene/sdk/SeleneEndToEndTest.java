package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK against the real Selene server: what an application tracks is what gets stored. */
class SeleneEndToEndTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final Selene selene = Selene.create(config(server.baseUrl()).build());

  private SeleneConfig.Builder config(String url) {
    return SeleneConfig.builder()
        .apiUrl(url)
        .publicKey(project.publicKey())
        .shutdownHook(false)
        .initialBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(200));
  }

  @AfterEach
  void close() {
    selene.close();
  }

  private void flush(Selene s) {
    assertThat(s.flush(Duration.ofSeconds(20))).as("flushed").isTrue();
    assertThat(s.stats().failed()).as("failed events").isZero();
  }

  @Test
  void agent_withNestedToolAndLlm_storedAsOneTraceWithUserAndTags() {
    String[] ids = new String[3];
    String answer;
    try (Scope user = selene.identify("user-123", Map.of("name", "Jane"));
        Scope tags = selene.tags("probe")) {
      answer =
          selene
              .agent("weather-agent")
              .input(Map.of("question", "What's the weather?"))
              .metadata(Map.of("suite", "e2e"))
              .call(
                  agent -> {
                    ids[0] = agent.id();
                    Map<String, Object> weather =
                        selene.tool(
                            "get-weather",
                            "Paris",
                            tool -> {
                              ids[1] = tool.id();
                              return Map.of("city", "Paris", "temperature", 21);
                            });
                    return selene
                        .llm("gpt-4o-mini")
                        .input(List.of(Map.of("role", "user", "content", "Weather? " + weather)))
                        .params(Map.of("temperature", 0.1))
                        .call(
                            llm -> {
                              ids[2] = llm.id();
                              llm.tokensUsage(11, 7);
                              return Map.of("role", "assistant", "content", "It is sunny");
                            })
                        .get("content");
                  });
    }
    flush(selene);

    assertThat(answer).isEqualTo("It is sunny");
    JsonNode agent = stored.run(ids[0]);
    assertThat(agent.get("type").asText()).isEqualTo("agent");
    assertThat(agent.get("name").asText()).isEqualTo("weather-agent");
    assertThat(agent.get("status").asText()).isEqualTo("success");
    assertThat(agent.get("parentRunId").isNull()).isTrue();
    assertThat(agent.get("input").toString()).isEqualTo("{\"question\":\"What's the weather?\"}");
    assertThat(agent.get("output").asText()).isEqualTo("It is sunny");
    assertThat(agent.get("tags").toString()).isEqualTo("[\"probe\"]");
    assertThat(agent.get("metadata").toString()).isEqualTo("{\"suite\":\"e2e\"}");
    assertThat(agent.get("endedAt").isNull()).isFalse();
    assertThat(agent.at("/user/externalId").asText()).isEqualTo("user-123");
    assertThat(agent.at("/user/props").toString()).isEqualTo("{\"name\":\"Jane\"}");

    JsonNode tool = stored.run(ids[1]);
    assertThat(tool.get("parentRunId").asText()).isEqualTo(ids[0]);
    assertThat(tool.get("type").asText()).isEqualTo("tool");
    assertThat(tool.get("input").asText()).isEqualTo("Paris");
    assertThat(tool.at("/output/temperature").asInt()).isEqualTo(21);
    assertThat(tool.at("/user/externalId").asText()).isEqualTo("user-123");

    JsonNode llm = stored.run(ids[2]);
    assertThat(llm.get("parentRunId").asText()).isEqualTo(ids[0]);
    assertThat(llm.get("name").asText()).isEqualTo("gpt-4o-mini");
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(11);
    assertThat(llm.at("/tokens/completion").asInt()).isEqualTo(7);
    assertThat(llm.at("/params/temperature").asDouble()).isEqualTo(0.1);
    assertThat(llm.at("/output/content").asText()).isEqualTo("It is sunny");
    assertThat(stored.children(ids[0]))
        .extracting(r -> r.get("id").asText())
        .containsExactlyInAnyOrder(ids[1], ids[2]); // both may start within one millisecond
  }

  @Test
  void wrappedTool_throws_runStoredAsErrorAndExceptionReachesTheCaller() {
    String[] id = new String[1];
    Function<String, String> lookup =
        selene.wrapTool(
            "lookup",
            q -> {
              id[0] = SeleneContext.current().parentRunId();
              throw new IllegalStateException("index offline");
            });

    assertThatThrownBy(() -> lookup.apply("q"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("index offline");
    flush(selene);

    JsonNode run = stored.run(id[0]);
    assertThat(run.get("status").asText()).isEqualTo("error");
    assertThat(run.at("/error/message").asText()).isEqualTo("index offline");
    assertThat(run.at("/error/stack").asText())
        .startsWith("java.lang.IllegalStateException: index offline");
    assertThat(run.get("input").asText()).isEqualTo("q");
  }

  @Test
  void tryWithResources_runEndsWithOutputOrError() {
    String ok;
    String failed;
    try (Run run = selene.chain("ok-chain").input("a").start()) {
      ok = run.id();
      run.output("done");
    }
    try (Run run = selene.chain("failing-chain").input("b").start()) {
      failed = run.id();
      run.error(new RuntimeException("nope"));
    }
    flush(selene);

    assertThat(stored.run(ok).get("status").asText()).isEqualTo("success");
    assertThat(stored.run(ok).get("output").asText()).isEqualTo("done");
    assertThat(stored.run(failed).get("status").asText()).isEqualTo("error");
    assertThat(stored.run(failed).at("/error/message").asText()).isEqualTo("nope");
  }

  @Test
  void trackEvent_manualLlmRun_storesEveryField() {
    String runId = Selene.newRunId();
    String parent = Selene.newRunId();
    selene.track(Event.start(RunType.AGENT, parent).name("manual-agent").input("go"));
    selene.track(
        Event.start(RunType.LLM, runId)
            .parentRunId(parent)
            .name("gpt-4o")
            .input(List.of(Map.of("role", "user", "content", "Hello")))
            .userId("user-9")
            .userProps(Map.of("email", "u9@example.org"))
            .tags("manual", "probe")
            .params(Map.of("temperature", 0.2, "max_tokens", 50))
            .metadata(Map.of("orgId", "org-1")));
    selene.track(
        Event.end(RunType.LLM, runId)
            .output(Map.of("role", "assistant", "content", "Hi"))
            .tokensUsage(12, 5, 3));
    selene.track(Event.end(RunType.AGENT, parent).output("went"));
    flush(selene);

    JsonNode run = stored.run(runId);
    assertThat(run.get("parentRunId").asText()).isEqualTo(parent);
    assertThat(run.get("status").asText()).isEqualTo("success");
    assertThat(run.get("tags").toString()).isEqualTo("[\"manual\",\"probe\"]");
    assertThat(run.at("/params/maxTokens").asInt()).isEqualTo(50);
    assertThat(run.at("/metadata/orgId").asText()).isEqualTo("org-1");
    assertThat(run.at("/tokens/prompt").asInt()).isEqualTo(12);
    assertThat(run.at("/tokens/completion").asInt()).isEqualTo(5);
    assertThat(run.at("/tokens/cachedPrompt").asInt()).isEqualTo(3);
    assertThat(run.at("/user/externalId").asText()).isEqualTo("user-9");
    assertThat(run.at("/user/props/email").asText()).isEqualTo("u9@example.org");
    assertThat(run.at("/input/0/content").asText()).isEqualTo("Hello");
  }

  @Test
  void parentScope_attachesRunsToAThreadMessage() {
    ChatThread thread = selene.openThread();
    String question = thread.trackMessage(Message.user("Hello!"));
    String agentId;
    try (Scope s = selene.parent(question)) {
      agentId = selene.agent("chatbot").input("Hello!").call(run -> run.id());
    }
    flush(selene);

    assertThat(stored.run(agentId).get("parentRunId").asText()).isEqualTo(question);
  }

  @Test
  void thread_messagesCustomEventAndFeedback_stored() {
    ChatThread thread =
        selene.thread().tags("support").user("user-456", Map.of("name", "Bob")).open();
    thread.trackMessage(Message.user("Hello, please help me"));
    String reply = thread.trackMessage(Message.assistant("Hello, how can I help you?"));
    String event = thread.trackEvent("open-document", Map.of("documentName", "doc.pdf"));
    selene.trackFeedback(reply, Feedback.thumbUp().comment("great"));
    flush(selene);

    JsonNode t = stored.run(thread.id());
    assertThat(t.get("type").asText()).isEqualTo("thread");
    assertThat(t.get("tags").toString()).isEqualTo("[\"support\"]");
    assertThat(t.at("/user/externalId").asText()).isEqualTo("user-456");
    JsonNode exchange = stored.run(reply);
    assertThat(exchange.get("parentRunId").asText()).isEqualTo(thread.id());
    assertThat(exchange.get("feedback").toString())
        .isEqualTo("{\"thumb\":\"up\",\"comment\":\"great\"}");
    assertThat(exchange.toString()).contains("Hello, please help me", "Hello, how can I help you?");
    JsonNode custom = stored.run(event);
    assertThat(custom.get("type").asText()).isEqualTo("custom-event");
    assertThat(custom.get("name").asText()).isEqualTo("open-document");
    assertThat(custom.at("/metadata/documentName").asText()).isEqualTo("doc.pdf");
    assertThat(custom.get("parentRunId").asText()).isEqualTo(thread.id());
  }

  @Test
  void threadWithUser_messagesAndEventsCarryThatUser() {
    ChatThread thread = selene.thread().tags("support").open();
    String message =
        thread.withUser("user-b", Map.of("name", "Bea")).trackMessage(Message.user("I'm Bea"));
    flush(selene);
    JsonNode t = stored.run(thread.id());
    assertThat(t.at("/user/externalId").asText()).isEqualTo("user-b");
    assertThat(t.at("/user/props/name").asText()).isEqualTo("Bea");
    assertThat(t.get("tags").toString()).isEqualTo("[\"support\"]");
    assertThat(stored.run(message).at("/user/externalId").asText()).isEqualTo("user-b");

    String event = thread.withUser("agent-7").trackEvent("escalated");
    flush(selene);
    JsonNode custom = stored.run(event);
    assertThat(custom.get("parentRunId").asText()).isEqualTo(thread.id());
    assertThat(custom.at("/user/externalId").asText()).isEqualTo("agent-7");
  }

  @Test
  void eventWithAppId_storedInThatKeysProject() {
    TestProject other = server.newProject();
    String runId = Selene.newRunId();
    selene.track(
        Event.start(RunType.TOOL, runId).name("routed").input("x").appId(other.publicKey()));
    selene.track(Event.end(RunType.TOOL, runId).output("y").appId(other.publicKey()));
    flush(selene);

    assertThat(stored.run(runId)).isNull();
    JsonNode routed = new StoredRuns(server, other).run(runId);
    assertThat(routed.get("name").asText()).isEqualTo("routed");
    assertThat(routed.get("output").asText()).isEqualTo("y");
  }

  @Test
  void feedback_mergedOverwrittenAndRemoved() {
    String id = selene.llm("gpt-4o").input("q").call(run -> run.id());
    selene.trackFeedback(id, Feedback.thumbDown());
    selene.trackFeedback(id, Map.of("comment", "too long"));
    flush(selene);
    assertThat(stored.run(id).get("feedback").toString())
        .isEqualTo("{\"thumb\":\"down\",\"comment\":\"too long\"}");

    selene.trackFeedback(id, Map.of("score", 3), true);
    flush(selene);
    assertThat(stored.run(id).get("feedback").toString()).isEqualTo("{\"score\":3}");

    selene.removeFeedback(id);
    flush(selene);
    assertThat(stored.run(id).get("feedback").isNull()).isTrue();
  }

  @Test
  void getFeedback_readsWhatWasTracked() {
    String rated = selene.llm("gpt-4o").input("q").call(run -> run.id());
    String unrated = selene.llm("gpt-4o").input("q").call(run -> run.id());
    selene.trackFeedback(rated, Feedback.thumbUp().comment("nice"));
    flush(selene);

    assertThat(selene.getFeedback(rated)).isEqualTo(Map.of("thumb", "up", "comment", "nice"));
    assertThat(selene.getFeedback(unrated)).isNull();
  }

  @Test
  void score_withPrivateKey_storedOnTheRun_publicKeyRefused() {
    String id = selene.llm("gpt-4o").input("q").call(run -> run.id());
    flush(selene);
    try (Selene withPrivateKey =
        Selene.create(config(server.baseUrl()).privateKey(project.privateKey()).build())) {
      withPrivateKey.score(id, "accuracy", 0.9, "checked by hand");
    }

    assertThat(stored.run(id).get("scores").toString())
        .contains("\"label\":\"accuracy\"", "\"value\":0.9", "\"comment\":\"checked by hand\"");
    assertThatThrownBy(() -> selene.score(id, "accuracy", 1, null))
        .isInstanceOf(SeleneException.class)
        .extracting(e -> ((SeleneException) e).status())
        .isEqualTo(403);
  }

  @Test
  void manyThreads_trackingAtOnce_nothingLostOrMisparented() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<String>> agents = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String input = "task-" + i;
      agents.add(
          pool.submit(
              () ->
                  selene.agent(
                      "worker",
                      input,
                      run -> {
                        selene.tool("step", input, t -> input.length());
                        selene.tool("step", input, t -> input.length());
                        return run.id();
                      })));
    }
    Set<String> agentIds = new HashSet<>();
    for (Future<String> f : agents) agentIds.add(f.get());
    pool.shutdown();
    flush(selene);

    List<JsonNode> all = stored.all();
    assertThat(all).hasSize(1_200);
    for (JsonNode run : all) {
      if (run.get("type").asText().equals("agent")) {
        assertThat(agentIds).contains(run.get("id").asText());
        assertThat(run.get("parentRunId").isNull()).isTrue();
      } else {
        JsonNode agent = stored.run(run.get("parentRunId").asText());
        assertThat(agent.get("input"))
            .as("a tool is parented to its own agent")
            .isEqualTo(run.get("input"));
      }
    }
    assertThat(selene.stats().sent()).isEqualTo(2_400);
  }

  @Test
  void contextCarriedToExecutorsAndCompletableFutures_parentsChildren() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    String[] ids = new String[3];
    ids[0] =
        selene.agent(
            "fan-out",
            "in",
            run -> {
              SeleneContext ctx = SeleneContext.current();
              Future<String> a = pool.submit(ctx.wrap(() -> selene.tool("a", 1, t -> t.id())));
              CompletableFuture<String> b =
                  CompletableFuture.supplyAsync(
                      () -> selene.tool("b", 2, t -> t.id()), SeleneContext.propagating(pool));
              ids[1] = a.get();
              ids[2] = b.get();
              return run.id();
            });
    pool.shutdown();
    flush(selene);

    assertThat(stored.run(ids[1]).get("parentRunId").asText()).isEqualTo(ids[0]);
    assertThat(stored.run(ids[2]).get("parentRunId").asText()).isEqualTo(ids[0]);
  }

  @Test
  void serverDownThenBackUp_nothingLost() {
    try (RecordingServer proxy = RecordingServer.start().forwardTo(server.baseUrl())) {
      Selene s = Selene.create(config(proxy.url()).build());
      proxy.down();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) ids.add(s.tool("t" + i, i, run -> run.id()));
      assertThat(s.flush(Duration.ofMillis(300))).isFalse();

      proxy.up();
      flush(s);
      s.close();

      for (String id : ids) assertThat(stored.run(id).get("status").asText()).isEqualTo("success");
    }
  }

  @Test
  void serverAnswers500_retriedThenStoredOnce() {
    try (RecordingServer proxy = RecordingServer.start().forwardTo(server.baseUrl())) {
      proxy.thenAnswer(500, 500);
      Selene s = Selene.create(config(proxy.url()).build());
      String id = s.tool("flaky", "x", run -> run.id());
      flush(s);
      s.close();

      assertThat(stored.all()).hasSize(1);
      assertThat(stored.run(id).get("status").asText()).isEqualTo("success");
      assertThat(s.stats().retries()).isEqualTo(2);
    }
  }
}
