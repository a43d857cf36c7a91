package dev.selene.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example program, run as users run it, against the real server. */
class SupportBotExampleTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);

  @Test
  void main_withLunaryEnvironment_tracksTheWholeConversationAndPrintsItsIds() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SupportBotExample.class.getName())
            .redirectErrorStream(true);
    pb.environment().put("LUNARY_API_URL", server.baseUrl());
    pb.environment().put("LUNARY_PUBLIC_KEY", project.publicKey());
    pb.environment().remove("LUNARY_PRIVATE_KEY");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("All events sent to " + server.baseUrl());

    Map<String, String> ids = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split("\\s{2,}");
      if (parts.length == 2 && parts[1].matches("[0-9a-f-]{36}")) ids.put(parts[0], parts[1]);
    }
    assertThat(ids)
        .containsOnlyKeys(
            "thread",
            "user message",
            "agent run",
            "tool run",
            "failed tool run",
            "llm run",
            "assistant reply",
            "custom event");

    JsonNode agent = stored.run(ids.get("agent run"));
    assertThat(agent.get("status").asText()).isEqualTo("success");
    assertThat(agent.get("output").asText()).isEqualTo("It is sunny in Paris, 21°C.");
    assertThat(agent.get("tags").toString()).isEqualTo("[\"example\"]");
    assertThat(agent.at("/user/externalId").asText()).isEqualTo("user-123");
    JsonNode failed = stored.run(ids.get("failed tool run"));
    assertThat(failed.get("status").asText()).isEqualTo("error");
    assertThat(failed.at("/error/message").asText()).isEqualTo("forecast service unavailable");
    assertThat(failed.get("parentRunId").asText()).isEqualTo(ids.get("agent run"));
    assertThat(stored.run(ids.get("tool run")).get("parentRunId").asText())
        .isEqualTo(ids.get("agent run"));
    JsonNode llm = stored.run(ids.get("llm run"));
    assertThat(llm.get("parentRunId").asText()).isEqualTo(ids.get("agent run"));
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(42);
    JsonNode thread = stored.run(ids.get("thread"));
    assertThat(thread.get("type").asText()).isEqualTo("thread");
    assertThat(thread.get("tags").toString()).isEqualTo("[\"support\"]");
    JsonNode exchange = stored.run(ids.get("assistant reply"));
    assertThat(exchange.get("feedback").toString())
        .isEqualTo("{\"thumb\":\"up\",\"comment\":\"Exactly what I needed\"}");
    assertThat(stored.run(ids.get("custom event")).get("type").asText()).isEqualTo("custom-event");
  }
}
