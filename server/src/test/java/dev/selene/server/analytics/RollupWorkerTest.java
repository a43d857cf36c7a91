package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void taggedRun_tagRollupRowsWrittenAndRewrittenByTheWorker() throws Exception {
    Instant at = Instant.parse("2025-06-03T10:15:00Z");
    client.ingest(
        "["
            + Events.start("llm", "wt-1", "gpt-4o", at, "\"tags\":[\"x\",\"y\"]")
            + ","
            + Events.end("llm", "wt-1", at.plusSeconds(2), 30, 5)
            + ","
            + Events.start("tool", "wt-2", "search", at.plusSeconds(60), "\"tags\":[\"x\"]")
            + ","
            + Events.start("tool", "wt-3", "search", at.plusSeconds(90), "\"tags\":[\"y\",\"x\"]")
            + "]");
    awaitNoDirtyHours();
    assertThat(tagSetRows())
        .containsExactlyInAnyOrder(
            "{x,y} llm gpt-4o 1 30", "{x,y} tool search 1 0", "{x} tool search 1 0");
    assertThat(tagRows())
        .containsExactlyInAnyOrder(
            "x llm gpt-4o 1 30", "x tool search 2 0", "y llm gpt-4o 1 30", "y tool search 1 0");

    // tags merge on a later event; the hour was aggregated already
    client.ingest(
        "[{\"type\":\"llm\",\"event\":\"update\",\"runId\":\"wt-1\","
            + "\"timestamp\":\"2025-06-03T11:00:00Z\",\"tags\":[\"z\"]}]");
    awaitNoDirtyHours();
    assertThat(tagSetRows())
        .containsExactlyInAnyOrder(
            "{x,y,z} llm gpt-4o 1 30", "{x,y} tool search 1 0", "{x} tool search 1 0");
    assertThat(tagRows())
        .containsExactlyInAnyOrder(
            "x llm gpt-4o 1 30",
            "x tool search 2 0",
            "y llm gpt-4o 1 30",
            "y tool search 1 0",
            "z llm gpt-4o 1 30");

    client.sql(
        "update run set tags = array['x', null, 'x'] where project_id = ? and id in (select id"
            + " from run where project_id = ? and type = 'tool')",
        client.project.id(),
        client.project.id());
    client.sql("delete from run where project_id = ? and type = 'llm'", client.project.id());
    awaitNoDirtyHours();
    assertThat(tagSetRows()).containsExactlyInAnyOrder("{x} tool search 2 0");
    assertThat(tagRows()).containsExactlyInAnyOrder("x tool search 2 0");
  }

  @Test
  void customEvents_metricRowsWrittenAndRewrittenByTheWorker() throws Exception {
    Instant at = Instant.parse("2025-06-04T10:15:00Z");
    client.ingest(
        "["
            + Events.customEvent("wt-thread", "we-1", "rated", at, "{\"score\":4}")
            + ","
            + Events.customEvent(
                "wt-thread", "we-2", "rated", at.plusSeconds(1), "{\"metrics\":{\"score\":0.5}}")
            + ","
            + Events.customEvent(
                "wt-thread", "we-3", "rated", at.plusSeconds(2), "{\"score\":\"high\"}")
            + "]");
    awaitNoDirtyHours();
    assertThat(customEventRows()).containsExactly("rated - 3 null", "rated score 2 4.5");

    client.sql(
        "update run set metadata = '{\"score\":2,\"metrics\":{\"other\":1}}'"
            + " where project_id = ? and type = 'custom-event' and metadata ->> 'score' = 'high'",
        client.project.id());
    awaitNoDirtyHours();
    assertThat(customEventRows())
        .containsExactly("rated - 3 null", "rated other 1 1", "rated score 3 6.5");
  }

  /** The project's custom-event rollup rows: name, metric (- for none), runs, metric sum. */
  private List<String> customEventRows() {
    return rows(
        "select name, coalesce(metric, '-'), runs, metric_sum from rollup_custom_event_hourly"
            + " where project_id = ? order by name, metric nulls first");
  }

  /** The project's per-tag rollup rows: tag, type, name, runs, prompt tokens. */
  private List<String> tagRows() {
    return rows(
        "select tag, type, name, runs, prompt_tokens from rollup_tag_hourly where project_id = ?");
  }

  /** The project's tag-set rollup rows: tags, type, name, runs, prompt tokens. */
  private List<String> tagSetRows() {
    return rows(
        "select tags::text, type, name, runs, prompt_tokens from rollup_tag_set_hourly"
            + " where project_id = ? order by type, name");
  }

  /** The rows of a query over the project (its one parameter), columns joined by spaces. */
  private List<String> rows(String sql) {
    List<String> rows = new ArrayList<>();
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, client.project.id());
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            values.add(String.valueOf(rs.getString(i)));
          }
          rows.add(String.join(" ", values));
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return rows;
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
