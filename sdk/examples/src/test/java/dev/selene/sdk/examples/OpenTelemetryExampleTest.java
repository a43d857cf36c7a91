package dev.selene.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenTelemetry GenAI spans exported from Java with the standard OTLP exporter, into Selene. */
class OpenTelemetryExampleTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);

  private List<JsonNode> ofType(String type) {
    return stored.all().stream().filter(r -> r.get("type").asText().equals(type)).toList();
  }

  @Test
  void run_genAiSpans_storedAsAgentWithLlmAndToolChildren() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean exported =
        OpenTelemetryExample.run(server.baseUrl(), project.publicKey(), new PrintStream(out));

    assertThat(exported).as(out.toString()).isTrue();
    RecordingServer.await(() -> ofType("agent").size() == 1 && ofType("llm").size() == 1);
    JsonNode agent = ofType("agent").get(0);
    assertThat(agent.get("name").asText()).isEqualTo("weather-agent");
    assertThat(agent.at("/user/externalId").asText()).isEqualTo("otel-user");
    JsonNode llm = ofType("llm").get(0);
    assertThat(llm.get("name").asText()).isEqualTo("gpt-4o-mini");
    assertThat(llm.get("parentRunId").asText()).isEqualTo(agent.get("id").asText());
    assertThat(llm.at("/tokens/prompt").asInt()).isEqualTo(12);
    assertThat(llm.at("/tokens/completion").asInt()).isEqualTo(5);
    assertThat(llm.toString()).contains("Weather in Paris?", "Sunny, 21°C.");
    JsonNode tool = ofType("tool").get(0);
    assertThat(tool.get("name").asText()).isEqualTo("get-weather");
    assertThat(tool.get("parentRunId").asText()).isEqualTo(agent.get("id").asText());
  }
}
