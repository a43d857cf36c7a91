package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.sdk.testing.TestClients;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code info}, {@code warn} and {@code error} logs, as the real server stores and lists them. */
class LogsEndToEndTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final Selene selene = TestClients.publicKey(server, project);

  @AfterEach
  void close() {
    selene.close();
  }

  private void flush() {
    assertThat(selene.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(selene.stats().failed()).as("failed events").isZero();
  }

  private static Map<String, JsonNode> byLevel(List<JsonNode> runs) {
    return runs.stream()
        .filter(r -> "log".equals(r.path("type").asText()))
        .collect(Collectors.toMap(r -> r.get("name").asText(), r -> r));
  }

  @Test
  void logsInsideARun_storedAsLogRunsUnderIt() {
    String[] agentId = new String[1];
    selene.agent(
        "support-agent",
        "question",
        agent -> {
          agentId[0] = agent.id();
          selene.info("cache miss", Map.of("key", "weather:Paris"));
          selene.warn("slow tool");
          selene.error("tool failed", new IllegalStateException("bad thing"));
          return "answer";
        });
    flush();

    Map<String, JsonNode> logs = byLevel(stored.related(agentId[0]));
    assertThat(logs).containsOnlyKeys("info", "warn", "error");

    JsonNode info = logs.get("info");
    assertThat(info.get("parentRunId").asText()).isEqualTo(agentId[0]);
    assertThat(info.get("input").asText()).isEqualTo("cache miss");
    assertThat(info.get("params").toString()).isEqualTo("{\"key\":\"weather:Paris\"}");
    assertThat(info.get("status").asText()).isEqualTo("success");

    JsonNode warn = logs.get("warn");
    assertThat(warn.get("input").asText()).isEqualTo("slow tool");
    assertThat(warn.get("params").isNull()).isTrue();

    JsonNode error = logs.get("error");
    assertThat(error.get("status").asText()).isEqualTo("error");
    assertThat(error.get("input").asText()).isEqualTo("tool failed");
    assertThat(error.at("/params/message").asText()).isEqualTo("bad thing");
    assertThat(error.at("/params/stack").asText())
        .startsWith("java.lang.IllegalStateException: bad thing")
        .contains("LogsEndToEndTest");

    // the run itself is unaffected by the logged error
    assertThat(stored.run(agentId[0]).get("status").asText()).isEqualTo("success");
  }

  @Test
  void logs_listedByTypeWithTheUserOfTheContext() {
    String parent = Selene.newRunId();
    try (Scope user = selene.identify("user-7");
        Scope p = selene.parent(parent)) {
      selene.log("hello", Map.of("a", 1));
    }
    flush();

    List<JsonNode> listed = stored.listed("log");
    assertThat(listed).hasSize(1);
    JsonNode log = stored.run(listed.get(0).get("id").asText());
    assertThat(log.get("type").asText()).isEqualTo("log");
    assertThat(log.get("name").asText()).isEqualTo("info");
    assertThat(log.get("input").asText()).isEqualTo("hello");
    assertThat(log.get("parentRunId").asText()).isEqualTo(parent);
    assertThat(log.at("/user/externalId").asText()).isEqualTo("user-7");
  }

  @Test
  void logOutsideAnyRun_storedWithoutParent() {
    selene.warn("disk almost full", Map.of("freeMb", 12));
    flush();

    List<JsonNode> listed = stored.listed("log");
    assertThat(listed).hasSize(1);
    JsonNode log = stored.run(listed.get(0).get("id").asText());
    assertThat(log.get("name").asText()).isEqualTo("warn");
    assertThat(log.get("parentRunId").isNull()).isTrue();
    assertThat(log.at("/params/freeMb").asInt()).isEqualTo(12);
  }
}
