package dev.selene.server.analytics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/** Runs a query and hands back its rows as small typed maps. */
final class Rows {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

  private Rows() {}

  /** One result row, read by column label. */
  record Row(Map<String, Object> values) {
    String text(String column) {
      Object v = values.get(column);
      return v == null ? null : v.toString();
    }

    long count(String column) {
      Object v = values.get(column);
      return v == null ? 0 : ((Number) v).longValue();
    }

    /** A numeric column as a double (SQL numeric sums are converted once, here). */
    double number(String column) {
      Object v = values.get(column);
      if (v == null) {
        return 0;
      }
      return v instanceof BigDecimal d ? d.doubleValue() : ((Number) v).doubleValue();
    }

    BigDecimal decimal(String column) {
      Object v = values.get(column);
      if (v == null) {
        return BigDecimal.ZERO;
      }
      return v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
    }

    /** A timestamptz column as ISO-8601 UTC with milliseconds, as the API prints dates. */
    String date(String column) {
      OffsetDateTime t = (OffsetDateTime) values.get(column);
      return t == null ? null : ISO_MILLIS.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }
  }

  static List<Row> query(DataSource db, Sql sql) {
    try (Connection c = db.getConnection()) {
      return read(c, sql, false);
    } catch (SQLException e) {
      throw new IllegalStateException("analytics query failed: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #query}, planned for its parameters on every execution: never a server-side prepared
   * statement, of which PostgreSQL may run a generic plan after a few executions. Without the
   * parameters the planner takes a range of hours, or users first seen in a range, for a handful of
   * rows, and may then join the hours' bucket series by nested loop once per rollup row (users/new
   * at 10 M runs: 0.9 s instead of 0.12 s). Costs a few ms of planning each time.
   */
  static List<Row> queryPlannedEachTime(DataSource db, Sql sql) {
    try (Connection c = db.getConnection()) {
      return read(c, sql, true);
    } catch (SQLException e) {
      throw new IllegalStateException("analytics query failed: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #query}, with nested-loop joins off for this one query (a transaction-local setting).
   * For a join of an index scan with an array unnested inside a recursive query: the planner cannot
   * estimate the array, and once the driver switches to a generic prepared plan it picks a nested
   * loop, which is quadratic in the array's length (16 s instead of 0.1 s at 1 M runs).
   */
  static List<Row> queryWithoutNestedLoops(DataSource db, Sql sql) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set local enable_nestloop = off");
        return read(c, sql, false);
      } finally {
        c.rollback(); // read only: nothing to keep, and the setting ends with the transaction
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("analytics query failed: " + e.getMessage(), e);
    }
  }

  private static List<Row> read(Connection c, Sql sql, boolean planEachTime) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c)) {
      if (planEachTime) {
        ps.unwrap(PGStatement.class).setPrepareThreshold(0);
      }
      return read(ps);
    }
  }

  private static List<Row> read(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<Row> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String type = md.getColumnTypeName(i);
          Object value =
              "timestamptz".equals(type) ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i);
          values.put(md.getColumnLabel(i), value);
        }
        rows.add(new Row(values));
      }
      return rows;
    }
  }
}
