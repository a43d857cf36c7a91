package dev.selene.server.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Binds a batch as one PostgreSQL array per column, so that a whole batch is written by a single
 * set-based statement ({@code unnest}) instead of one round trip per row.
 */
final class SqlArrays {
  private final Connection connection;

  SqlArrays(Connection connection) {
    this.connection = connection;
  }

  <T> Array uuids(List<T> rows, Function<T, java.util.UUID> column) throws SQLException {
    return connection.createArrayOf("uuid", rows.stream().map(column).toArray());
  }

  <T> Array texts(List<T> rows, Function<T, String> column) throws SQLException {
    return connection.createArrayOf("text", rows.stream().map(column).toArray());
  }

  /** Timestamps travel as ISO text and are cast in SQL: exact, and independent of JVM time zone. */
  <T> Array instants(List<T> rows, Function<T, Instant> column) throws SQLException {
    return connection.createArrayOf(
        "text", rows.stream().map(column).map(i -> i == null ? null : i.toString()).toArray());
  }

  <T> Array ints(List<T> rows, Function<T, Integer> column) throws SQLException {
    return connection.createArrayOf("int4", rows.stream().map(column).toArray());
  }

  <T> Array longs(List<T> rows, Function<T, Long> column) throws SQLException {
    return connection.createArrayOf("int8", rows.stream().map(column).toArray());
  }

  <T> Array doubles(List<T> rows, Function<T, Double> column) throws SQLException {
    return connection.createArrayOf("float8", rows.stream().map(column).toArray());
  }

  <T> Array booleans(List<T> rows, Function<T, Boolean> column) throws SQLException {
    return connection.createArrayOf("bool", rows.stream().map(column).toArray());
  }
}
