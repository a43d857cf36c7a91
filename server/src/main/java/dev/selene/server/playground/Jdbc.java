package dev.selene.server.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** The few JDBC chores the playground stores repeat: transactions and JSON columns. */
final class Jdbc {
  private final DataSource db;
  private final ObjectMapper json;

  Jdbc(DataSource db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T read(Work<T> work) {
    try (Connection c = db.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("playground query failed", e);
    }
  }

  /** Runs {@code work} in one transaction, rolled back on any exception. */
  <T> T transaction(Work<T> work) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("playground update failed", e);
    }
  }

  String write(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      ps.setObject(i + 1, arg instanceof Instant t ? Timestamp.from(t) : arg);
    }
  }
}
