package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestThreadsTest {
  private final TestServer server = TestServer.shared();
  private final IngestClient client = new IngestClient(server, server.newProject());

  private final String thread = UUID.randomUUID().toString();
  private final String userMsg = UUID.randomUUID().toString();
  private final String botMsg = UUID.randomUUID().toString();

  private String chat(String runId, String role, String content, long ts) {
    return """
        {"event":"chat","type":"thread","userId":"user-456","userProps":{"name":"Bob"},
         "parentRunId":"%s","timestamp":%d,"runtime":"lunary-js","runId":"%s",
         "threadTags":["support"],"message":{"role":"%s","content":"%s"}}
        """
        .formatted(thread, ts, runId, role, content);
  }

  private List<Map<String, Object>> chatRuns() {
    return client.query(
        "select * from run where parent_run_id = ? and type = 'chat' order by created_at",
        UUID.fromString(thread));
  }

  @Test
  void userMessageThenReply_formOneChatRunKeyedByTheReply() {
    client.postOk("[" + chat(userMsg, "user", "Hello thread", 1000) + "]");
    client.postOk("[" + chat(botMsg, "assistant", "Hi, how can I help?", 2000) + "]");

    List<Map<String, Object>> runs = chatRuns();
    assertThat(runs).hasSize(1);
    Map<String, Object> exchange = runs.get(0);
    assertThat(exchange.get("id")).isEqualTo(UUID.fromString(botMsg));
    assertThat(exchange.get("input").toString())
        .isEqualTo("[{\"role\":\"user\",\"content\":\"Hello thread\"}]");
    assertThat(exchange.get("output").toString())
        .isEqualTo("[{\"role\":\"assistant\",\"content\":\"Hi, how can I help?\"}]");

    Map<String, Object> threadRun = client.run(thread);
    assertThat(threadRun.get("type")).isEqualTo("thread");
    assertThat(threadRun.get("tags")).isEqualTo(List.of("support"));
    assertThat(((JsonNode) threadRun.get("input")).path("content").asText())
        .isEqualTo("Hi, how can I help?");
    assertThat(threadRun.get("external_user_id")).isNotNull();
  }

  @Test
  void messagesInAnyOrderAndResent_giveTheSameExchanges() {
    String second = UUID.randomUUID().toString();
    String secondReply = UUID.randomUUID().toString();
    client.postOk(
        "["
            + chat(secondReply, "assistant", "Sunny", 4000)
            + ","
            + chat(botMsg, "assistant", "Hi", 2000)
            + "]");
    client.postOk(
        "["
            + chat(second, "user", "Weather?", 3000)
            + ","
            + chat(userMsg, "user", "Hello", 1000)
            + "]");
    client.postOk("[" + chat(userMsg, "user", "Hello", 1000) + "]");

    List<Map<String, Object>> runs = chatRuns();
    assertThat(runs)
        .extracting(r -> r.get("id"))
        .containsExactly(UUID.fromString(botMsg), UUID.fromString(secondReply));
    assertThat(runs.get(1).get("input").toString()).contains("Weather?");
    assertThat(runs.get(1).get("output").toString()).contains("Sunny");
  }

  @Test
  void feedbackOnReplyAndChildOfUserMessage_followTheExchange() {
    String llm = UUID.randomUUID().toString();
    client.postOk("[" + chat(userMsg, "user", "Second question", 1000) + "]");
    client.postOk(
        """
        [{"event":"start","type":"llm","parentRunId":"%s","timestamp":1500,"runId":"%s",
          "name":"gpt-4o-mini","input":[{"role":"user","content":"Second question"}]}]
        """
            .formatted(userMsg, llm));
    client.postOk("[" + chat(botMsg, "assistant", "Answer", 2000) + "]");
    client.postOk(
        """
        [{"event":"feedback","type":null,"runId":"%s","feedback":{"thumb":"up","comment":"great"}}]
        """
            .formatted(botMsg));

    Map<String, Object> exchange = client.run(botMsg);
    assertThat(exchange.get("feedback").toString())
        .isEqualTo("{\"thumb\":\"up\",\"comment\":\"great\"}");
    assertThat(client.run(llm).get("parent_run_id")).isEqualTo(UUID.fromString(botMsg));
    assertThat(client.run(userMsg)).as("the user message id was re-keyed to the reply").isNull();
  }

  @Test
  void customEventInThread_isARunUnderTheThreadWithItsUser() {
    String event = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"event":"custom-event","type":"thread","userId":"user-456","parentRunId":"%s",
          "timestamp":1795424733035,"name":"open-document","runId":"%s","metadata":{"documentName":"doc.pdf"}}]
        """
            .formatted(thread, event));
    Map<String, Object> run = client.run(event);
    assertThat(run.get("type")).isEqualTo("custom-event");
    assertThat(run.get("name")).isEqualTo("open-document");
    assertThat(run.get("parent_run_id")).isEqualTo(UUID.fromString(thread));
    assertThat(run.get("external_user_id")).isNotNull();
    assertThat(client.run(thread).get("type")).isEqualTo("thread");
  }

  @Test
  void chatWithoutThreadId_failsNamingParentRunId() {
    JsonNode reply =
        client.postOk(
            "[{\"event\":\"chat\",\"type\":\"thread\",\"runId\":\"x\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}]");
    assertThat(reply.path("results").get(0).path("error").asText()).startsWith("parentRunId:");
  }
}
