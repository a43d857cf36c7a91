package dev.selene.server.users;

import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Test data written straight into the database, for the parts of the API that read what ingestion
 * stored. (End-to-end tests through the ingest endpoint live in the SDK compatibility suite.)
 */
final class UserFixtures {
  private final TestServer server;
  private final UUID project;

  UserFixtures(TestServer server, UUID project) {
    this.server = server;
    this.project = project;
  }

  long user(String externalId, String propsJson, Instant createdAt, Instant lastSeen) {
    return queryLong(
        "insert into external_user (project_id, external_id, props, created_at, last_seen)"
            + " values (?, ?, ?::jsonb, ?, ?) returning id",
        project,
        externalId,
        propsJson,
        Timestamp.from(createdAt),
        lastSeen == null ? null : Timestamp.from(lastSeen));
  }

  /** A finished run; {@code cost} and tokens may be null. */
  UUID run(
      Long userId,
      UUID parent,
      String type,
      String name,
      Instant createdAt,
      Double cost,
      Integer promptTokens,
      Integer completionTokens,
      String status) {
    UUID id = UUID.randomUUID();
    exec(
        "insert into run (project_id, id, created_at, ended_at, type, name, status, parent_run_id,"
            + " prompt_tokens, completion_tokens, cost, external_user_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        project,
        id,
        createdAt == null ? null : Timestamp.from(createdAt),
        createdAt == null ? null : Timestamp.from(createdAt.plusMillis(250)),
        type,
        name,
        status,
        parent,
        promptTokens,
        completionTokens,
        cost,
        userId);
    return id;
  }

  UUID llm(Long userId, Instant createdAt, double cost, int prompt, int completion) {
    return run(userId, null, "llm", "gpt-4o", createdAt, cost, prompt, completion, "success");
  }

  void chatMessage(UUID thread, UUID message, String role, Long userId) {
    exec(
        "insert into chat_message (project_id, thread_id, message_id, role, created_at, message,"
            + " external_user_id) values (?, ?, ?, ?, now(), ?::jsonb, ?)",
        project,
        thread,
        message,
        role,
        "{\"role\":\"" + role + "\",\"content\":\"hello\"}",
        userId);
  }

  void score(UUID run, String label) {
    exec(
        "insert into run_score (project_id, run_id, label, value) values (?, ?, ?, '1'::jsonb)",
        project,
        run,
        label);
  }

  long count(String sql, Object... args) {
    return queryLong(sql, args);
  }

  private void exec(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = prepare(c, sql, args)) {
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long queryLong(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
