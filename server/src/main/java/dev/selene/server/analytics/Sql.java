package dev.selene.server.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * SQL text and its bind values, accumulated side by side so they cannot get out of step. Queries
 * here are assembled from pieces (buckets, facts, filter), each bringing its own parameters.
 */
final class Sql {
  /** A value bound as a PostgreSQL array of {@code type}. */
  record ArrayValue(String type, Object[] items) {}

  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  static Sql of(String text) {
    return new Sql().add(text);
  }

  /** SQL text with {@code ?} placeholders and their values, in order. */
  static Sql fragment(String text, List<Object> values) {
    Sql sql = Sql.of(text);
    sql.params.addAll(values);
    return sql;
  }

  Sql add(String sql) {
    text.append(sql);
    return this;
  }

  Sql add(Sql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  /** Appends {@code ?} bound to {@code value} ({@link Instant}s become timestamptz). */
  Sql param(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends {@code ?::uuid[]} bound to the ids. */
  Sql uuids(Collection<UUID> ids) {
    text.append("?::uuid[]");
    params.add(new ArrayValue("uuid", ids.toArray()));
    return this;
  }

  /** Appends {@code ?::timestamptz}. */
  Sql instant(Instant value) {
    text.append("?::timestamptz");
    params.add(value);
    return this;
  }

  String text() {
    return text.toString();
  }

  PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString());
    try {
      int i = 1;
      for (Object value : params) {
        bind(c, ps, i++, value);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(Connection c, PreparedStatement ps, int index, Object value)
      throws SQLException {
    if (value instanceof Instant instant) {
      ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
    } else if (value instanceof ArrayValue array) {
      ps.setArray(index, c.createArrayOf(array.type(), array.items()));
    } else {
      ps.setObject(index, value);
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
