package dev.selene.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of the embedded PostgreSQL backends that serve background work (the
 * analytics rollups). Re-aggregating a busy hour keeps a backend on a core for seconds; on a 2-core
 * machine that took the CPU ingestion needed and tripled its p99 at 5,000 events/s (29–36 against
 * 20 ms with the worker off, bench/README.md). At the lowest priority the rollups use the CPU
 * ingestion leaves idle. A process may lower its own children's priority, never raise it back, so
 * these connections come from their own pool and never serve anything else. Only for the embedded
 * database, whose processes are local; an external one is left as it is.
 */
final class BackgroundPriority {
  /** The pool of background connections: every connection it hands out runs at low priority. */
  static final class Pool extends HikariDataSource {
    private final BackgroundPriority priority = new BackgroundPriority();

    Pool(HikariConfig config) {
      super(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = super.getConnection();
      try {
        priority.lower(c);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return c;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);

  private final Set<Integer> lowered = ConcurrentHashMap.newKeySet();
  private volatile boolean unavailable;

  /** Lowers the priority of the connection's backend process, once per backend. */
  void lower(Connection c) throws SQLException {
    if (unavailable) {
      return;
    }
    int pid;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    if (!lowered.add(pid)) {
      return;
    }
    try {
      Process renice =
          new ProcessBuilder("renice", "-n", "19", "-p", Integer.toString(pid))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        renice.destroy();
        giveUp("renice failed");
      }
    } catch (IOException e) {
      giveUp(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void giveUp(String why) {
    unavailable = true;
    log.info("Background database work keeps normal priority ({})", why);
  }
}
