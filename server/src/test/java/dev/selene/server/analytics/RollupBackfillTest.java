package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rows the V22 and V23 migrations write for runs that existed before them (the tag-set and
 * custom-event rollups are filled by the migrations, not by the worker) are the rows the worker
 * writes for the same runs.
 */
class RollupBackfillTest {
  private static final List<String> TABLES =
      List.of("rollup_tag_set_hourly", "rollup_custom_event_hourly");

  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);

  @Test
  void migrationBackfill_writesTheWorkersRows() throws Exception {
    GeneratedRuns generated =
        new GeneratedRuns(11)
            .window(
                Instant.parse("2025-05-01T00:00:00Z"),
                Instant.parse("2025-05-04T00:00:00Z"),
                20,
                60,
                30);
    for (String batch : generated.batches(50)) {
      client.ingest(batch);
    }
    // arrays a client could write directly: a repeated tag, a null one, only nulls, empty
    client.sql(
        "update run set tags = case id::text < '8' when true then array['b', null, 'a', 'b']"
            + " else array[null]::text[] end where project_id = ? and type = 'tool'",
        client.project.id());
    client.sql(
        "update run set tags = '{}' where project_id = ? and type = 'agent'", client.project.id());
    client.catchUp();

    try (Connection c = server.db().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String table : TABLES) {
          s.execute(
              "create temp table worker_"
                  + table
                  + " on commit drop as select * from "
                  + table
                  + " where project_id = '"
                  + client.project.id()
                  + "'");
          s.execute("delete from " + table);
        }
        for (String migration :
            List.of("V22__rollup_tag_set_hourly.sql", "V23__rollup_custom_event_hourly.sql")) {
          for (String insert : inserts(migration)) {
            s.execute(insert);
          }
        }
        for (String table : TABLES) {
          assertThat(count(c, "select count(*) from worker_" + table))
              .as(table + ": the worker wrote rows")
              .isPositive();
          assertThat(
                  count(
                      c,
                      "select count(*) from ((select * from worker_"
                          + table
                          + " except all select * from "
                          + table
                          + " where project_id = ?) union all (select * from "
                          + table
                          + " where project_id = ? except all select * from worker_"
                          + table
                          + ")) d"))
              .as(table + ": the migration's rows are the worker's")
              .isZero();
        }
      } finally {
        c.rollback(); // the other tests' rows back
      }
    }
  }

  /** The INSERT statements of a migration, comments removed. */
  private static List<String> inserts(String migration) throws IOException {
    String sql;
    try (InputStream in =
        RollupBackfillTest.class.getResourceAsStream("/db/migration/" + migration)) {
      assertThat(in).as(migration).isNotNull();
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> out = new ArrayList<>();
    for (String statement : sql.replaceAll("--[^\n]*", "").split(";")) {
      if (statement.strip().startsWith("insert into")) {
        out.add(statement.strip());
      }
    }
    assertThat(out).as(migration + ": inserts").isNotEmpty();
    return out;
  }

  private long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
        ps.setObject(i, client.project.id());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
