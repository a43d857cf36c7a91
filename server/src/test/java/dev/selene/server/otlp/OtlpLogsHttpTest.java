package dev.selene.server.otlp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OTLP/JSON logs over HTTP: the current GenAI "operation details" event and stray records. */
class OtlpLogsHttpTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns runs = new StoredRuns(server, project);

  @Test
  void postLogs_operationDetailsEventThenSpan_runHasMessagesAndStrayRecordIsRejected() {
    String logs =
        """
        {"resourceLogs":[{"scopeLogs":[{"logRecords":[
          {"timeUnixNano":"1740823200500000000","eventName":"gen_ai.client.inference.operation.details",
           "traceId":"6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d","spanId":"7e7e7e7e7e7e7e7e","attributes":[
             {"key":"gen_ai.system_instructions","value":{"stringValue":"[{\\"type\\":\\"text\\",\\"content\\":\\"Short answers.\\"}]"}},
             {"key":"gen_ai.input.messages","value":{"stringValue":"[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"2+2?\\"}]}]"}},
             {"key":"gen_ai.output.messages","value":{"stringValue":"[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"4\\"}]}]"}}]},
          {"timeUnixNano":"1740823200600000000","body":{"stringValue":"no span here"}}]}]}]}
        """;
    Response r = post("/v1/otel/v1/logs", logs);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString())
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedLogRecords\":1,\"errorMessage\":\"1 log record(s)"
                + " rejected: records without a span context are not stored\"}}");
    assertThat(runs.all()).as("pending until its span arrives").isEmpty();

    String span =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d",
          "spanId":"7e7e7e7e7e7e7e7e","name":"chat","startTimeUnixNano":"1740823200000000000",
          "endTimeUnixNano":"1740823201000000000","attributes":[
            {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
            {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}]}]}]}]}
        """;
    assertThat(post("/v1/otel/v1/traces", span).statusCode()).isEqualTo(200);

    Map<String, Object> run = runs.bySpanId("7e7e7e7e7e7e7e7e");
    assertThat(StoredRuns.json(run, "input").toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Short answers.\"},{\"role\":\"user\",\"content\":\"2+2?\"}]");
    assertThat(StoredRuns.json(run, "output").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"4\"}");
    assertThat(run.get("status")).isEqualTo("success");
  }

  private Response post(String path, String body) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .contentType("application/json")
        .body(body)
        .post(path);
  }
}
