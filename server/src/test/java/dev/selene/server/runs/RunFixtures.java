package dev.selene.server.runs;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Inserts runs, users and scores with plain SQL, so tests can build exact shapes (pending rows,
 * dangling parents, chosen timestamps) in one project.
 */
final class RunFixtures {
  private final TestServer server;
  private final TestProject project;
  private Instant clock = Instant.parse("2025-03-01T12:00:00.000Z");

  RunFixtures(TestServer server, TestProject project) {
    this.server = server;
    this.project = project;
  }

  /** A run builder; each new run is created one second after the previous one by default. */
  Run run(String type) {
    clock = clock.plus(1, ChronoUnit.SECONDS);
    return new Run(type, clock);
  }

  long user(String externalId, String propsJson) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into external_user (project_id, external_id, props, last_seen, created_at)"
                    + " values (?, ?, ?::jsonb, ?, ?) returning id")) {
      ps.setObject(1, project.id());
      ps.setString(2, externalId);
      ps.setString(3, propsJson);
      ps.setTimestamp(4, Timestamp.from(Instant.parse("2025-03-02T00:00:00Z")));
      ps.setTimestamp(5, Timestamp.from(Instant.parse("2025-02-01T00:00:00Z")));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A template with one published version; returns {templateId, versionId}. */
  long[] template(String slug) {
    try (Connection c = server.db().getConnection();
        PreparedStatement t =
            c.prepareStatement(
                "insert into template (project_id, slug, mode, created_by_kind)"
                    + " values (?, ?, 'text', 'private') returning id");
        PreparedStatement v =
            c.prepareStatement(
                "insert into template_version (template_id, version, content, is_draft,"
                    + " published_at, created_by_kind) values (?, 1, '\"Hi\"'::jsonb, false, now(),"
                    + " 'private') returning id")) {
      t.setObject(1, project.id());
      t.setString(2, slug);
      long templateId;
      try (ResultSet rs = t.executeQuery()) {
        rs.next();
        templateId = rs.getLong(1);
      }
      v.setLong(1, templateId);
      try (ResultSet rs = v.executeQuery()) {
        rs.next();
        return new long[] {templateId, rs.getLong(1)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void score(UUID run, String label, String valueJson, String comment) {
    exec(
        "insert into run_score (project_id, run_id, label, value, comment) values (?, ?, ?, ?::jsonb, ?)",
        project.id(),
        run,
        label,
        valueJson,
        comment);
  }

  long count(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String string(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void exec(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  final class Run {
    private final Map<String, Object> columns = new LinkedHashMap<>();
    private final Map<String, String> casts = new LinkedHashMap<>();
    private UUID id = UUID.randomUUID();

    private Run(String type, Instant createdAt) {
      columns.put("type", type);
      columns.put("created_at", Timestamp.from(createdAt));
    }

    Run id(UUID id) {
      this.id = id;
      return this;
    }

    Run parent(UUID parent) {
      return set("parent_run_id", parent);
    }

    Run name(String name) {
      return set("name", name);
    }

    Run status(String status) {
      return set("status", status);
    }

    Run createdAt(String iso) {
      return createdAt(Instant.parse(iso));
    }

    Run createdAt(Instant time) {
      return set("created_at", Timestamp.from(time));
    }

    /** Ends the run {@code millis} after it was created. */
    Run lasting(long millis) {
      Timestamp created = (Timestamp) columns.get("created_at");
      return set("ended_at", Timestamp.from(created.toInstant().plusMillis(millis)));
    }

    /** Only a non-start event has arrived: the row exists but must stay invisible. */
    Run pending() {
      columns.put("created_at", null);
      return this;
    }

    Run tags(String... tags) {
      return set("tags", tags);
    }

    Run input(String json) {
      return json("input", json);
    }

    Run output(String json) {
      return json("output", json);
    }

    Run error(String json) {
      return json("error", json);
    }

    Run params(String json) {
      return json("params", json);
    }

    Run metadata(String json) {
      return json("metadata", json);
    }

    Run feedback(String json) {
      return json("feedback", json);
    }

    Run tokens(Integer prompt, Integer completion) {
      set("prompt_tokens", prompt);
      return set("completion_tokens", completion);
    }

    Run cachedPromptTokens(int cached) {
      return set("cached_prompt_tokens", cached);
    }

    Run cost(Double cost) {
      return set("cost", cost);
    }

    Run user(long externalUserId) {
      return set("external_user_id", externalUserId);
    }

    Run isPublic() {
      return set("is_public", true);
    }

    Run templateVersion(long id) {
      return set("template_version_id", id);
    }

    private Run json(String column, String json) {
      casts.put(column, "::jsonb");
      return set(column, json);
    }

    private Run set(String column, Object value) {
      columns.put(column, value);
      return this;
    }

    UUID insert() {
      List<String> names = new ArrayList<>(List.of("project_id", "id"));
      List<String> marks = new ArrayList<>(List.of("?", "?"));
      List<Object> values = new ArrayList<>(List.of(project.id(), id));
      columns.forEach(
          (name, value) -> {
            names.add(name);
            marks.add("?" + casts.getOrDefault(name, ""));
            values.add(value);
          });
      String sql =
          "insert into run ("
              + String.join(", ", names)
              + ") values ("
              + String.join(", ", marks)
              + ")";
      try (Connection c = server.db().getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < values.size(); i++) {
          Object value = values.get(i);
          if (value instanceof String[] array) {
            ps.setArray(i + 1, c.createArrayOf("text", array));
          } else {
            ps.setObject(i + 1, value);
          }
        }
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return id;
    }
  }
}
