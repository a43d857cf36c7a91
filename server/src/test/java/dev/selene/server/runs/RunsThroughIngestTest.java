package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What SDK-sent events look like through the runs API, end to end. */
class RunsThroughIngestTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunsApi sdk = new RunsApi(server, project.publicKey());
  private final RunsApi api = RunsApi.privateKey(server, project);

  @Test
  void agentTrace_readsBackAsListTraceTreeAndSingleRun() {
    String agent = "agent-" + UUID.randomUUID();
    String tool = "tool-" + UUID.randomUUID();
    String llm = UUID.randomUUID().toString();
    sdk.ingest(
        """
        [{"type":"agent","event":"start","runId":"%1$s","name":"planner","timestamp":1735725600000,
          "input":"plan a trip","userId":"u-1","userProps":{"plan":"pro"},"tags":["trip"]},
         {"type":"tool","event":"start","runId":"%2$s","parentRunId":"%1$s","name":"search",
          "timestamp":1735725600100,"input":{"q":"paris"}},
         {"type":"tool","event":"end","runId":"%2$s","timestamp":1735725600300,"output":["hit"]},
         {"type":"llm","event":"start","runId":"%3$s","parentRunId":"%2$s","name":"gpt-4o",
          "timestamp":1735725600400,"input":[{"role":"user","content":"summarise"}]},
         {"type":"llm","event":"end","runId":"%3$s","timestamp":1735725601400,
          "output":{"role":"assistant","content":"done"},"tokensUsage":{"prompt":7,"completion":2}},
         {"type":"agent","event":"end","runId":"%1$s","timestamp":1735725602000,"output":"ok"},
         {"type":null,"event":"feedback","runId":"%1$s","feedback":{"thumb":"up"}}]
        """
            .formatted(agent, tool, llm));
    UUID agentId = RunIds.normalize(agent);

    JsonNode llmRun = api.list("").get("data").get(0);
    assertThat(llmRun.get("id").asText()).isEqualTo(llm);
    assertThat(llmRun.get("parentFeedback").toString()).isEqualTo("{\"thumb\":\"up\"}");
    assertThat(llmRun.get("user").get("externalId").asText()).isEqualTo("u-1");
    assertThat(llmRun.get("tokens").get("total").asInt()).isEqualTo(9);
    assertThat(llmRun.get("duration").asText()).isEqualTo("00:00:01");

    assertThat(api.ids("type=trace")).containsExactly(agentId.toString());
    JsonNode tree = RunsApi.parse(api.get("/v1/runs/" + agent + "/related").asString());
    assertThat(tree).hasSize(3);
    assertThat(tree.get(2).get("parentRunId").asText())
        .isEqualTo(RunIds.normalize(tool).toString());

    JsonNode single = RunsApi.parse(api.get("/v1/runs/" + llm).asString());
    assertThat(single.get("traceId").asText()).isEqualTo(agentId.toString());
    assertThat(api.ids("user-props=plan.pro&type=agent")).containsExactly(agentId.toString());
    assertThat(sdk.get("/v1/runs/" + agent + "/feedback").asString())
        .isEqualTo("{\"thumb\":\"up\"}");
  }

  @Test
  void thread_readsBackWithMessagesAndFeedbackCascadingToItsLlmCall() {
    String thread = UUID.randomUUID().toString();
    String question = UUID.randomUUID().toString();
    String llm = UUID.randomUUID().toString();
    sdk.ingest(
        """
        [{"type":"thread","event":"chat","runId":"%2$s","parentRunId":"%1$s","timestamp":1735725600000,
          "message":{"role":"user","content":"Hi there"},"userId":"u-2"},
         {"type":"llm","event":"start","runId":"%3$s","parentRunId":"%2$s","name":"gpt-4o-mini",
          "timestamp":1735725600100,"input":[{"role":"user","content":"Hi there"}]},
         {"type":"llm","event":"end","runId":"%3$s","timestamp":1735725600900,
          "output":{"role":"assistant","content":"Hello"}},
         {"type":"thread","event":"chat","runId":"%2$s","parentRunId":"%1$s","timestamp":1735725601000,
          "message":{"role":"assistant","content":"Hello"}},
         {"type":null,"event":"feedback","runId":"%2$s","feedback":{"thumb":"down"}}]
        """
            .formatted(thread, question, llm));

    JsonNode threadRow = api.list("type=thread").get("data").get(0);
    assertThat(threadRow.get("id").asText()).isEqualTo(thread);
    assertThat(threadRow.get("messagesCount").asInt()).isEqualTo(2);
    assertThat(threadRow.get("firstMessage").get("content").asText()).isEqualTo("Hi there");
    assertThat(threadRow.get("feedbacks").toString()).isEqualTo("[{\"thumb\":\"down\"}]");

    String down = RunsApi.twice("{\"thumb\":\"down\"}");
    assertThat(api.ids("type=thread&feedback=" + down)).containsExactly(thread);
    JsonNode llmRun = RunsApi.parse(api.get("/v1/runs/" + llm).asString());
    assertThat(llmRun.get("parentFeedback").toString()).isEqualTo("{\"thumb\":\"down\"}");
  }

  @Test
  void deletedThread_staysDeletedWhenTheConversationGoesOn() {
    String thread = UUID.randomUUID().toString();
    String first = UUID.randomUUID().toString();
    sdk.ingest(
        """
        [{"type":"thread","event":"chat","runId":"%2$s","parentRunId":"%1$s","timestamp":1735725600000,
          "message":{"role":"user","content":"old question"}}]
        """
            .formatted(thread, first));

    api.delete("/v1/runs/" + thread).then().statusCode(200);
    sdk.ingest(
        """
        [{"type":"thread","event":"chat","runId":"%2$s","parentRunId":"%1$s","timestamp":1735725700000,
          "message":{"role":"user","content":"new question"}}]
        """
            .formatted(thread, UUID.randomUUID()));

    JsonNode threadRow = api.list("type=thread").get("data").get(0);
    assertThat(threadRow.get("messagesCount").asInt()).isEqualTo(1);
    assertThat(threadRow.get("firstMessage").get("content").asText()).isEqualTo("new question");
    api.get("/v1/runs/" + first).then().statusCode(404);
  }
}
