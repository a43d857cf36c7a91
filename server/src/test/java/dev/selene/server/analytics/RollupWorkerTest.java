package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The background worker, not a test's catch-up call, keeps rollups current. */
class RollupWorkerTest {
  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);

  @Test
  void lateEndEvent_reaggregatedByTheWorkerWithinSeconds() throws Exception {
    Instant at = Instant.parse("2025-06-01T10:15:00Z");
    client.ingest("[" + Events.start("llm", "w-1", "gpt-4o", at, "") + "]");
    awaitNoDirtyHours();
    assertThat(rollup("prompt_tokens")).isZero();

    client.ingest("[" + Events.end("llm", "w-1", at.plusSeconds(3600), 42, 8) + "]");

    awaitNoDirtyHours();
    assertThat(rollup("prompt_tokens")).isEqualTo(42);
    assertThat(rollup("durations")).isEqualTo(1);
  }

  @Test
  void deletedRun_removedFromRollupsByTheWorker() throws Exception {
    Instant at = Instant.parse("2025-06-02T10:15:00Z");
    String id = UUID.randomUUID().toString();
    client.ingest("[" + Events.start("tool", id, "search", at, "") + "]");
    awaitNoDirtyHours();
    assertThat(rollup("runs")).isEqualTo(1);

    client.sql("delete from run where project_id = ?", client.project.id());

    awaitNoDirtyHours();
    assertThat(rollup("runs")).isZero();
  }

  /** Waits (bounded) until the worker has re-aggregated every changed hour of the project. */
  private void awaitNoDirtyHours() throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (count("select count(*) from rollup_dirty where project_id = ?") > 0) {
      assertThat(System.nanoTime()).as("worker caught up within 15 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private long rollup(String column) {
    return count("select coalesce(sum(" + column + "), 0) from rollup_hourly where project_id = ?");
  }

  private long count(String sql) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, client.project.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
