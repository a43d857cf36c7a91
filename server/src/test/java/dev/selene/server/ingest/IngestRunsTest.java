package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestRunsTest {
  private final TestServer server = TestServer.shared();
  private final IngestClient client = new IngestClient(server, server.newProject());

  @Test
  void startAndEnd_llmRun_storedAsOneRunWithStatusTokensDurationAndUser() {
    JsonNode reply =
        client.postOk(
            """
            [{"type":"llm","event":"start","runId":"call-42","name":"models/gpt-4o",
              "timestamp":"2025-01-01T10:00:00.000Z","input":[{"role":"user","content":"Hi"}],
              "userId":"user-7","userProps":{"plan_tier":"pro"},"tags":"demo",
              "params":{"temperature":0.2,"max_tokens":50},"metadata":{"env":"prod"},
              "runtime":"my-app"},
             {"type":"llm","event":"end","runId":"call-42","timestamp":"2025-01-01T10:00:01.250Z",
              "output":{"role":"assistant","content":"Hello!"},"tokensUsage":{"prompt":9,"completion":3}}]
            """);

    assertThat(reply.toString())
        .isEqualTo(
            "{\"results\":[{\"id\":\"call-42\",\"success\":true},{\"id\":\"call-42\",\"success\":true}]}");
    Map<String, Object> run = client.run(UUID.fromString("1f8806be-cd73-48e7-a0f6-20f0907766d7"));
    assertThat(run).isNotNull();
    assertThat(run.get("name")).isEqualTo("gpt-4o");
    assertThat(run.get("status")).isEqualTo("success");
    assertThat(run.get("tags")).isEqualTo(List.of("demo"));
    assertThat(run.get("duration_text")).isEqualTo("00:00:01.25");
    assertThat(run.get("prompt_tokens")).isEqualTo(9);
    assertThat(run.get("completion_tokens")).isEqualTo(3);
    assertThat(run.get("runtime")).isEqualTo("my-app");
    assertThat(run.get("params").toString()).isEqualTo("{\"maxTokens\":50,\"temperature\":0.2}");
    List<Map<String, Object>> users =
        client.query("select * from external_user where id = ?", run.get("external_user_id"));
    assertThat(users).hasSize(1);
    assertThat(users.get(0).get("external_id")).isEqualTo("user-7");
    assertThat(users.get(0).get("props").toString()).isEqualTo("{\"planTier\":\"pro\"}");
  }

  @Test
  void endBeforeStart_inSeparateRequests_mergesIntoOneSuccessfulRun() {
    String id = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"agent","event":"end","runId":"%s","timestamp":1735725601000,"output":"done"}]
        """
            .formatted(id));
    assertThat(client.run(id).get("created_at")).as("pending until the start arrives").isNull();

    client.postOk(
        """
        [{"type":"agent","event":"start","runId":"%s","timestamp":1735725600000,"name":"planner","input":"go"}]
        """
            .formatted(id));

    Map<String, Object> run = client.run(id);
    assertThat(run.get("status")).isEqualTo("success");
    assertThat(run.get("name")).isEqualTo("planner");
    assertThat(((JsonNode) run.get("input")).asText()).isEqualTo("go");
    assertThat(((JsonNode) run.get("output")).asText()).isEqualTo("done");
    assertThat(run.get("duration_text")).isEqualTo("00:00:01");
  }

  @Test
  void resentBatch_isANoOp() {
    String runId = "tool-resend-" + UUID.randomUUID();
    String batch =
        """
        [{"type":"tool","event":"start","runId":"%1$s","timestamp":1735725600000,
          "name":"search","input":"q","tags":["a"],"metadata":{"k":1}},
         {"type":"tool","event":"end","runId":"%1$s","timestamp":1735725600500,"output":"r"},
         {"event":"feedback","type":null,"runId":"%1$s","feedback":{"thumb":"up"}}]
        """
            .formatted(runId);
    client.postOk(batch);
    Map<String, Object> first = client.run(runId);
    JsonNode second = client.postOk(batch);

    assertThat(second.path("results")).allMatch(r -> r.path("success").asBoolean());
    Map<String, Object> after = client.run((UUID) first.get("id"));
    for (String column :
        List.of(
            "status",
            "tags",
            "metadata",
            "feedback",
            "input",
            "output",
            "created_at",
            "ended_at")) {
      assertThat(after.get(column)).as(column).isEqualTo(first.get(column));
    }
    assertThat(
            client.query(
                "select 1 from run where project_id = ? and id = ?",
                first.get("project_id"),
                first.get("id")))
        .hasSize(1);
  }

  @Test
  void childBeforeParent_childInheritsParentUserWhenParentArrives() {
    String parent = UUID.randomUUID().toString();
    String child = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"llm","event":"start","runId":"%s","parentRunId":"%s","timestamp":1735725600100,"name":"gpt-4o-mini","input":"x"}]
        """
            .formatted(child, parent));
    client.postOk(
        """
        [{"type":"agent","event":"start","runId":"%s","timestamp":1735725600000,"name":"agent","userId":"alice"}]
        """
            .formatted(parent));

    Map<String, Object> p = client.run(parent);
    Map<String, Object> c = client.run(child);
    assertThat(c.get("parent_run_id")).isEqualTo(UUID.fromString(parent));
    assertThat(p.get("external_user_id")).isNotNull();
    assertThat(c.get("external_user_id")).isEqualTo(p.get("external_user_id"));
  }

  @Test
  void descendantsStoredBeforeTheirRoot_allInheritTheRootUserWhenItArrives() {
    String root = UUID.randomUUID().toString();
    String tool = UUID.randomUUID().toString();
    String llm = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"llm","event":"start","runId":"%s","parentRunId":"%s","timestamp":1735725600200,"name":"gpt-4o-mini","input":"x"},
         {"type":"tool","event":"start","runId":"%s","parentRunId":"%s","timestamp":1735725600100,"name":"search","input":"y"},
         {"type":"llm","event":"start","runId":"%s","parentRunId":"%s","timestamp":1735725600300,"name":"gpt-4o","input":"z","userId":"bob"}]
        """
            .formatted(llm, tool, tool, root, other, tool));
    client.postOk(
        """
        [{"type":"agent","event":"start","runId":"%s","timestamp":1735725600000,"name":"agent","userId":"alice"}]
        """
            .formatted(root));

    Object alice = client.run(root).get("external_user_id");
    assertThat(alice).isNotNull();
    assertThat(client.run(tool).get("external_user_id")).isEqualTo(alice);
    assertThat(client.run(llm).get("external_user_id")).isEqualTo(alice);
    // a descendant with a user of its own keeps it
    assertThat(client.run(other).get("external_user_id")).isNotNull().isNotEqualTo(alice);
  }

  @Test
  void aMiddleRunArrivingLast_passesTheRootUserItInheritsOnToItsStoredChildren() {
    String root = UUID.randomUUID().toString();
    String tool = UUID.randomUUID().toString();
    String llm = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"llm","event":"start","runId":"%s","parentRunId":"%s","timestamp":1735725600200,"name":"gpt-4o","input":"x"}]
        """
            .formatted(llm, tool));
    client.postOk(
        """
        [{"type":"agent","event":"start","runId":"%s","timestamp":1735725600000,"name":"agent","userId":"carol"}]
        """
            .formatted(root));
    client.postOk(
        """
        [{"type":"tool","event":"start","runId":"%s","parentRunId":"%s","timestamp":1735725600100,"name":"search","input":"y"}]
        """
            .formatted(tool, root));

    Object carol = client.run(root).get("external_user_id");
    assertThat(carol).isNotNull();
    assertThat(client.run(tool).get("external_user_id")).isEqualTo(carol);
    assertThat(client.run(llm).get("external_user_id")).isEqualTo(carol);
  }

  @Test
  void feedback_mergesOverwritesAndNullRemovesThumb() {
    String id = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"llm","event":"start","runId":"%1$s","timestamp":1735725600000,"name":"m","input":"x"},
         {"event":"feedback","runId":"%1$s","feedback":{"thumb":"up"},"timestamp":1735725601000},
         {"event":"feedback","runId":"%1$s","feedback":{"comment":"nice"},"timestamp":1735725602000}]
        """
            .formatted(id));
    assertThat(client.run(id).get("feedback").toString())
        .isEqualTo("{\"thumb\":\"up\",\"comment\":\"nice\"}");

    client.postOk(
        """
        [{"event":"feedback","runId":"%s","feedback":{"thumb":null}}]
        """
            .formatted(id));
    assertThat(client.run(id).get("feedback").toString()).isEqualTo("{\"comment\":\"nice\"}");

    client.postOk(
        """
        [{"event":"feedback","runId":"%s","feedback":{"thumb":"down"},"overwrite":true}]
        """
            .formatted(id));
    assertThat(client.run(id).get("feedback").toString()).isEqualTo("{\"thumb\":\"down\"}");
  }

  @Test
  void errorEvent_setsStatusErrorAndKeepsMessage() {
    String id = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"llm","event":"start","runId":"%1$s","timestamp":1735725600000,"name":"fail-model","input":"boom"},
         {"type":"llm","event":"error","runId":"%1$s","timestamp":1735725600100,
          "error":{"message":"Simulated LLM failure","stack":"Error: Simulated"}}]
        """
            .formatted(id));
    Map<String, Object> run = client.run(id);
    assertThat(run.get("status")).isEqualTo("error");
    assertThat(((JsonNode) run.get("error")).path("message").asText())
        .isEqualTo("Simulated LLM failure");
  }

  @Test
  void snakeCasePythonStyleEvent_withNulls_isAccepted() {
    String id = UUID.randomUUID().toString();
    JsonNode reply =
        client.postOk(
            """
            [{"event":"start","type":"chain","name":"py","user_id":"py-user","user_props":null,
              "tags":null,"thread_tags":null,"run_id":"%s","parent_run_id":null,
              "timestamp":"2026-11-23T09:05:41.398924+00:00","message":null,"input":{"tool_calls":[]},
              "output":null,"error":null,"feedback":null,"runtime":"lunary-py","tokens_usage":null,
              "metadata":null,"params":{},"template_id":null,"app_id":null,"thread_metadata":null}]
            """
                .formatted(id));
    assertThat(reply.path("results").get(0).path("success").asBoolean()).isTrue();
    Map<String, Object> run = client.run(id);
    assertThat(run.get("input").toString()).isEqualTo("{\"toolCalls\":[]}");
    assertThat(run.get("created_at").toString()).startsWith("2026-11-23 09:05:41.398924");
  }

  @Test
  void badEvents_failAloneWithFieldNamed_othersStored() {
    String good = UUID.randomUUID().toString();
    JsonNode reply =
        client.postOk(
            """
            [{"type":"llm","runId":"no-event"},
             {"event":"start","runId":"no-type","timestamp":1735725600000},
             {"event":"start","type":"llm","runId":"bad-ts","timestamp":"yesterday"},
             {"event":"start","type":"tool","runId":"%s","timestamp":1735725600000,"name":"ok"}]
            """
                .formatted(good));
    JsonNode results = reply.path("results");
    assertThat(results.get(0).fieldNames())
        .toIterable()
        .as("the reference's shape")
        .containsExactly("id", "success", "error");
    assertThat(results.get(0).path("id").asText()).isEqualTo("no-event");
    assertThat(results.get(0).path("success").asBoolean()).isFalse();
    assertThat(results.get(0).path("error").asText()).startsWith("event:");
    assertThat(results.get(1).path("error").asText()).startsWith("type:");
    assertThat(results.get(2).path("error").asText()).startsWith("timestamp:");
    assertThat(results.get(3).path("success").asBoolean()).isTrue();
    assertThat(client.run(good)).isNotNull();
    assertThat(client.run("no-type")).isNull();
  }

  @Test
  void sameRunIdInTwoProjects_staysSeparate() {
    IngestClient other = new IngestClient(server, server.newProject());
    String id = UUID.randomUUID().toString();
    client.postOk(
        "[{\"type\":\"llm\",\"event\":\"start\",\"runId\":\"%s\",\"name\":\"a\",\"timestamp\":1}]"
            .formatted(id));
    other.postOk(
        "[{\"type\":\"llm\",\"event\":\"start\",\"runId\":\"%s\",\"name\":\"b\",\"timestamp\":2}]"
            .formatted(id));
    assertThat(client.run(id).get("name")).isEqualTo("a");
    assertThat(other.run(id).get("name")).isEqualTo("b");
  }

  @Test
  void logEvents_areStoredAsLogRuns() {
    String parent = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"event":"warn","type":"log","parentRunId":"%s","timestamp":1735725600000,"message":"careful","extra":{"a":1}}]
        """
            .formatted(parent));
    List<Map<String, Object>> logs =
        client.query(
            "select * from run where parent_run_id = ? and type = 'log'", UUID.fromString(parent));
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).get("name")).isEqualTo("warn");
    assertThat(((JsonNode) logs.get(0).get("input")).asText()).isEqualTo("careful");
  }
}
