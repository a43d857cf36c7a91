package dev.selene.server.db;

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

/** The JDBC chores feature stores repeat: connections, transactions and JSON columns. */
public final class Jdbc {
  private final DataSource db;
  private final ObjectMapper json;

  public Jdbc(DataSource db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  public <T> T read(Work<T> work) {
    try (Connection c = db.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("database query failed", e);
    }
  }

  /** Runs {@code work} in one transaction, rolled back on any exception. */
  public <T> T transaction(Work<T> work) {
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
      throw new IllegalStateException("database update failed", e);
    }
  }

  public String write(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  public static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      ps.setObject(i + 1, arg instanceof Instant t ? Timestamp.from(t) : arg);
    }
  }
}
