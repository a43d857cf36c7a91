package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The server writes batches on several connections at once (two writers by default). Events of the
 * same traces, spread over many requests sent concurrently in random order, must end up exactly as
 * if they had been written one request at a time.
 */
class IngestConcurrencyTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final IngestClient client = new IngestClient(server, project);

  /** Agent → tool → LLM traces; the agent's user arrives last, the grandchild often first. */
  private record Trace(String agent, String tool, String llm, String user) {
    List<String> requests(long ts) {
      return List.of(
          "[{\"type\":\"llm\",\"event\":\"start\",\"runId\":\"%s\",\"parentRunId\":\"%s\",\"timestamp\":%d,\"name\":\"gpt-4o\",\"input\":\"q\"}]"
              .formatted(llm, tool, ts + 2),
          "[{\"type\":\"llm\",\"event\":\"end\",\"runId\":\"%s\",\"timestamp\":%d,\"output\":\"a\",\"tokensUsage\":{\"prompt\":5,\"completion\":2}}]"
              .formatted(llm, ts + 3),
          "[{\"type\":\"tool\",\"event\":\"start\",\"runId\":\"%s\",\"parentRunId\":\"%s\",\"timestamp\":%d,\"name\":\"search\",\"input\":\"x\"},{\"type\":\"tool\",\"event\":\"end\",\"runId\":\"%s\",\"timestamp\":%d,\"output\":\"y\"}]"
              .formatted(tool, agent, ts + 1, tool, ts + 4),
          "[{\"event\":\"feedback\",\"runId\":\"%s\",\"timestamp\":%d,\"feedback\":{\"thumb\":\"up\"}}]"
              .formatted(tool, ts + 6),
          "[{\"event\":\"feedback\",\"runId\":\"%s\",\"timestamp\":%d,\"feedback\":{\"comment\":\"ok\"}}]"
              .formatted(tool, ts + 7),
          "[{\"type\":\"agent\",\"event\":\"end\",\"runId\":\"%s\",\"timestamp\":%d,\"output\":\"done\"}]"
              .formatted(agent, ts + 5),
          "[{\"type\":\"agent\",\"event\":\"start\",\"runId\":\"%s\",\"timestamp\":%d,\"name\":\"support\",\"userId\":\"%s\",\"input\":\"hi\"}]"
              .formatted(agent, ts, user));
    }
  }

  @Test
  void tracesSpreadOverConcurrentRequests_mergeAsIfWrittenOneAtATime() throws Exception {
    List<Trace> traces = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Trace t =
          new Trace(
              UUID.randomUUID().toString(),
              UUID.randomUUID().toString(),
              UUID.randomUUID().toString(),
              "user-" + (i % 7));
      traces.add(t);
      requests.addAll(t.requests(1_735_725_600_000L + i * 10));
    }
    Collections.shuffle(requests, new Random(42));
    sendConcurrently(requests);

    for (Trace t : traces) {
      Map<String, Object> agent = client.run(t.agent());
      Map<String, Object> tool = client.run(t.tool());
      Map<String, Object> llm = client.run(t.llm());
      assertThat(List.of(agent.get("status"), tool.get("status"), llm.get("status")))
          .containsOnly("success");
      assertThat(agent.get("name")).isEqualTo("support");
      assertThat(llm.get("prompt_tokens")).isEqualTo(5);
      assertThat(tool.get("feedback").toString())
          .isEqualTo("{\"thumb\":\"up\",\"comment\":\"ok\"}");
      Object user = agent.get("external_user_id");
      assertThat(user).as("agent %s has its user", t.agent()).isNotNull();
      assertThat(tool.get("external_user_id")).as("tool inherits").isEqualTo(user);
      assertThat(llm.get("external_user_id")).as("grandchild inherits").isEqualTo(user);
    }
    assertThat(client.query("select id from external_user where project_id = ?", project.id()))
        .hasSize(7);
  }

  /**
   * The link the writers' inheritance lock exists for: the middle run of each trace is stored
   * without a user, then its parent (with the user) and its child arrive in requests that the two
   * writers may take at the same time. Neither batch names the other's run, so both run at once;
   * without the lock each misses the other's uncommitted half and the child stays without a user.
   * (Checked that it can fail: with the lock removed, grandchildren lost their user in every run.)
   */
  @Test
  void parentAndGrandchildOfAStoredRun_arrivingTogether_stillLinkTheUser() throws Exception {
    List<Trace> traces = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Trace t =
          new Trace(
              UUID.randomUUID().toString(),
              UUID.randomUUID().toString(),
              UUID.randomUUID().toString(),
              "user-" + (i % 5));
      traces.add(t);
      long ts = 1_735_725_600_000L + i * 10;
      client.postOk(
          "[{\"type\":\"tool\",\"event\":\"start\",\"runId\":\"%s\",\"parentRunId\":\"%s\",\"timestamp\":%d,\"name\":\"search\"}]"
              .formatted(t.tool(), t.agent(), ts + 1));
      requests.add(
          "[{\"type\":\"agent\",\"event\":\"start\",\"runId\":\"%s\",\"timestamp\":%d,\"name\":\"support\",\"userId\":\"%s\"}]"
              .formatted(t.agent(), ts, t.user()));
      requests.add(
          "[{\"type\":\"llm\",\"event\":\"start\",\"runId\":\"%s\",\"parentRunId\":\"%s\",\"timestamp\":%d,\"name\":\"gpt-4o\"}]"
              .formatted(t.llm(), t.tool(), ts + 2));
    }
    sendConcurrently(requests);

    for (Trace t : traces) {
      Object user = client.run(t.agent()).get("external_user_id");
      assertThat(user).as("agent %s has its user", t.agent()).isNotNull();
      assertThat(client.run(t.tool()).get("external_user_id")).as("child").isEqualTo(user);
      assertThat(client.run(t.llm()).get("external_user_id")).as("grandchild").isEqualTo(user);
    }
  }

  private void sendConcurrently(List<String> requests) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (String body : requests) {
        sent.add(CompletableFuture.runAsync(() -> client.postOk(body), clients));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
    } finally {
      clients.shutdown();
    }
  }
}
