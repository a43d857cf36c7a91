package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Large batches go through each writer session's staging table (RunStage), which keeps its pages
 * from batch to batch and is vacuumed every few batches. Batch after batch, one of them rolled back
 * by an event PostgreSQL refuses, every run must be stored exactly once and with its own values.
 */
class StagedBatchesTest {
  private static final int BATCHES = 16;

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final IngestClient client = new IngestClient(server, project);

  @Test
  void manyLargeBatches_oneRefusedMidway_storeEveryOtherRunOnceWithItsValues() {
    List<String> stored = new ArrayList<>();
    String refused = UUID.randomUUID().toString();
    for (int b = 0; b < BATCHES; b++) {
      StringBuilder events = new StringBuilder("[");
      for (int i = 0; i < UpsertRuns.STAGE_MIN_RUNS; i++) {
        String id = UUID.randomUUID().toString();
        stored.add(id);
        events
            .append(i > 0 ? "," : "")
            .append(
                "{\"type\":\"tool\",\"event\":\"start\",\"runId\":\"%s\",\"timestamp\":%d,\"name\":\"b%d-%d\"}"
                    .formatted(id, 1_740_823_200_000L + b * 1000 + i, b, i));
      }
      if (b == BATCHES / 2) {
        // PostgreSQL's jsonb has no NUL character: the batch's transaction fails and is retried.
        events.append(
            ",{\"type\":\"tool\",\"event\":\"start\",\"runId\":\"%s\",\"timestamp\":1740823200000,\"input\":\"a\\u0000b\"}"
                .formatted(refused));
      }
      JsonNode results = client.postOk(events.append("]").toString()).get("results");
      for (JsonNode r : results) {
        assertThat(r.get("success").asBoolean()).isEqualTo(!r.get("id").asText().equals(refused));
      }
    }

    List<Map<String, Object>> rows =
        client.query("select id, name from run where project_id = ?", project.id());
    assertThat(rows).hasSize(BATCHES * UpsertRuns.STAGE_MIN_RUNS);
    for (int n = 0; n < stored.size(); n += 37) {
      int b = n / UpsertRuns.STAGE_MIN_RUNS;
      int i = n % UpsertRuns.STAGE_MIN_RUNS;
      assertThat(client.run(stored.get(n)).get("name")).isEqualTo("b" + b + "-" + i);
    }
    assertThat(client.run(refused)).isNull();
  }
}
