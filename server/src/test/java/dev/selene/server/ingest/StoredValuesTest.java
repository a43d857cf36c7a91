package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of value an event carries is stored exactly: timestamps to PostgreSQL's microsecond
 * (rounded half to even, as PostgreSQL rounds), text, tags, JSON and numbers. Small batches reach
 * PostgreSQL as a JSON document (RunDocument), large ones as binary COPY rows (RunStage); each test
 * runs with both, the large batch padded with other runs up to {@link UpsertRuns#STAGE_MIN_RUNS}.
 * (Checked that it can fail: without the timestamp rounding in RunStage, or with its text array's
 * null flag always set, the LARGE cases fail.)
 */
class StoredValuesTest {
  /** The batch the runs under test are written in. */
  enum Batch {
    SMALL(0),
    LARGE(UpsertRuns.STAGE_MIN_RUNS);

    final int otherRuns;

    Batch(int otherRuns) {
      this.otherRuns = otherRuns;
    }
  }

  private final TestServer server = TestServer.shared();
  private final IngestClient client = new IngestClient(server, server.newProject());

  @ParameterizedTest
  @EnumSource(Batch.class)
  void isoTimestamps_keepMicroseconds_andRoundTheRestHalfToEven(Batch batch) {
    String even = UUID.randomUUID().toString();
    String odd = UUID.randomUUID().toString();
    post(
        batch,
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

  @ParameterizedTest
  @EnumSource(Batch.class)
  void textJsonTagsAndNumbers_storedAsSent(Batch batch) {
    String id = UUID.randomUUID().toString();
    post(
        batch,
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

  @ParameterizedTest
  @EnumSource(Batch.class)
  void emptyTagList_isStoredAsAnEmptyArray(Batch batch) {
    String id = UUID.randomUUID().toString();
    post(
        batch,
        """
        [{"type":"tool","event":"start","runId":"%s","timestamp":1740823200000,"tags":[]}]
        """
            .formatted(id));

    assertThat(
            client.query(
                "select cardinality(tags) as n from run where id = ?", UUID.fromString(id)))
        .containsExactly(Map.of("n", 0));
  }

  @ParameterizedTest
  @EnumSource(Batch.class)
  void endsOfStoredRuns_mergeIntoThem(Batch batch) {
    String id = UUID.randomUUID().toString();
    List<String> others = new ArrayList<>();
    for (int i = 0; i < batch.otherRuns; i++) {
      others.add(UUID.randomUUID().toString());
    }
    client.postOk(
        events(
            """
            [{"type":"llm","event":"start","runId":"%s","timestamp":"2025-03-01T10:00:00Z",
              "name":"gpt-4o","tags":["a"],"input":[{"role":"user","content":"hi"}],
              "params":{"temperature":0.5}}]
            """
                .formatted(id),
            others,
            "start"));
    client.postOk(
        events(
            """
            [{"type":"llm","event":"end","runId":"%s","timestamp":"2025-03-01T10:00:01.0000035Z",
              "output":{"role":"assistant","content":"é 😀"},
              "tokensUsage":{"prompt":7,"completion":3}}]
            """
                .formatted(id),
            others,
            "end"));

    Map<String, Object> run = client.run(id);
    assertThat(utc(id, "ended_at")).isEqualTo("2025-03-01 10:00:01.000004");
    assertThat(run.get("status")).isEqualTo("success");
    assertThat(run.get("tags")).isEqualTo(List.of("a"));
    assertThat(run.get("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"hi\"}]");
    assertThat(((JsonNode) run.get("output")).get("content").asText()).isEqualTo("é 😀");
    assertThat(run.get("prompt_tokens")).isEqualTo(7);
    assertThat(run.get("completion_tokens")).isEqualTo(3);
    assertThat(run.get("cost")).as("priced once finished").isNotNull();
    assertThat(
            client.query(
                "select count(*) as n from run where id = any(?::uuid[]) and status = 'success'",
                (Object) others.toArray(String[]::new)))
        .containsExactly(Map.of("n", (long) others.size()));
  }

  /** Posts the events with the batch's other runs (new tool runs) appended to the same request. */
  private void post(Batch batch, String events) {
    List<String> others = new ArrayList<>();
    for (int i = 0; i < batch.otherRuns; i++) {
      others.add(UUID.randomUUID().toString());
    }
    client.postOk(events(events, others, "start"));
  }

  /** The events, then one {@code event} (start or end) of a tool run for each of {@code others}. */
  private static String events(String events, List<String> others, String event) {
    StringBuilder b = new StringBuilder(events.strip());
    b.setLength(b.length() - 1);
    for (String other : others) {
      b.append(",{\"type\":\"tool\",\"event\":\"")
          .append(event)
          .append("\",\"runId\":\"")
          .append(other)
          .append("\",\"timestamp\":1740823200000}");
    }
    return b.append(']').toString();
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
