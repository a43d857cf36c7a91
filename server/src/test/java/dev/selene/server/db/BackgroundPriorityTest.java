package dev.selene.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selene.server.config.ConfigLoader;
import dev.selene.server.config.SeleneConfig.DatabaseConfig;
import dev.selene.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Ingestion's latency relies on the rollup worker's database work yielding the CPU: its embedded
 * PostgreSQL backends run at the lowest priority, the ones serving requests and ingestion do not.
 */
class BackgroundPriorityTest {
  @Test
  void backgroundConnections_runAtTheLowestCpuPriority_requestConnectionsDoNot() throws Exception {
    DatabaseConfig config = ConfigLoader.load(TestServer.testEnvironment(Map.of())).database();
    assumeTrue(config.embedded(), "only an embedded database's processes are local");
    try (Database db = Database.open(config)) {
      int own = nice("self");
      assertThat(niceOfBackend(db.backgroundDataSource())).isEqualTo(19);
      assertThat(niceOfBackend(db.backgroundDataSource())).as("every connection").isEqualTo(19);
      assertThat(niceOfBackend(db.dataSource())).isEqualTo(own);
    }
  }

  private static int niceOfBackend(DataSource source) throws Exception {
    try (Connection c = source.getConnection();
        ResultSet rs = c.createStatement().executeQuery("select pg_backend_pid()")) {
      rs.next();
      return nice(Integer.toString(rs.getInt(1)));
    }
  }

  /** Field 19 of /proc/[pid]/stat; the fields after the command name start at field 3. */
  private static int nice(String pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[19 - 3]);
  }
}
