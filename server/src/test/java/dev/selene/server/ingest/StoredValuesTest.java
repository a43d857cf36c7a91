package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every kind of value an event carries is stored exactly: timestamps to PostgreSQL's microsecond
 * (rounded half to even, as PostgreSQL rounds), text, tags, JSON and numbers.
 */
class StoredValuesTest {
  private final TestServer server = TestServer.shared();
  private final IngestClient client = new IngestClient(server, server.newProject());

  @Test
  void isoTimestamps_keepMicroseconds_andRoundTheRestHalfToEven() {
    String even = UUID.randomUUID().toString();
    String odd = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"tool","event":"start","runId":"%s","timestamp":"2025-03-01T10:00:00.1234565Z"},
         {"type":"tool","event":"end","runId":"%s","timestamp":"2025-03-01T12:00:00.9999994+02:00"},
         {"type":"tool","event":"start","runId":"%s","timestamp":"1999-12-31T23:59:59.0000075Z"}]
        """
            .formatted(even, even, odd));

    assertThat(utc(even, "created_at")).isEqualTo("2025-03-01 10:00:00.123456");
    assertThat(utc(even, "ended_at")).isEqualTo("2025-03-01 10:00:00.999999");
    assertThat(utc(odd, "created_at"))
        .as("before PostgreSQL's epoch, 2000-01-01")
        .isEqualTo("1999-12-31 23:59:59.000008");
  }

  @Test
  void textJsonTagsAndNumbers_storedAsSent() {
    String id = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"llm","event":"start","runId":"%s","timestamp":1740823200000,
          "name":"résumé-☃-日本語","tags":["naïve","", "a,b", "q\\"uote"],
          "input":{"text":"line\\nbreak \\\\ \\"quoted\\" é 😀"},"output":null,
          "metadata":{"n":1.5e3,"big":12345678901234567890,"nested":[null,true,{"x":[]}]},
          "runtime":"rt-€"},
         {"type":"llm","event":"end","runId":"%s","timestamp":1740823201000,
          "tokensUsage":{"prompt":2147483647,"completion":0}}]
        """
            .formatted(id, id));

    Map<String, Object> run = client.run(id);
    assertThat(run.get("name")).isEqualTo("résumé-☃-日本語");
    assertThat(run.get("runtime")).isEqualTo("rt-€");
    assertThat(run.get("tags")).isEqualTo(List.of("naïve", "", "a,b", "q\"uote"));
    assertThat(((JsonNode) run.get("input")).get("text").asText())
        .isEqualTo("line\nbreak \\ \"quoted\" é 😀");
    assertThat(run.get("output")).as("JSON null is no output").isNull();
    assertThat(run.get("metadata").toString())
        .isEqualTo("{\"n\":1500.0,\"big\":12345678901234567890,\"nested\":[null,true,{\"x\":[]}]}");
    assertThat(run.get("prompt_tokens")).isEqualTo(2147483647);
    assertThat(run.get("completion_tokens")).isEqualTo(0);
  }

  @Test
  void emptyTagList_isStoredAsAnEmptyArray() {
    String id = UUID.randomUUID().toString();
    client.postOk(
        """
        [{"type":"tool","event":"start","runId":"%s","timestamp":1740823200000,"tags":[]}]
        """
            .formatted(id));

    assertThat(
            client.query(
                "select cardinality(tags) as n from run where id = ?", UUID.fromString(id)))
        .containsExactly(Map.of("n", 0));
  }

  private String utc(String runId, String column) {
    return (String)
        client
            .query(
                "select to_char("
                    + column
                    + " at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as t from run where id = ?",
                UUID.fromString(runId))
            .get(0)
            .get("t");
  }
}
