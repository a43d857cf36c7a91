package dev.selene.server.analytics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

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
    try (Connection c = db.getConnection();
        PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
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
    } catch (SQLException e) {
      throw new IllegalStateException("analytics query failed: " + e.getMessage(), e);
    }
  }
}
