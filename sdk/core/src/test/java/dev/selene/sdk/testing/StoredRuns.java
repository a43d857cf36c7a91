package dev.selene.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads back what the real Selene server stored for a project, in the runs API's camelCase shape.
 *
 * <p>Reads the database until the runs read API ({@code GET /v1/runs/{id}}, {@code /related}) is on
 * main; the test code using it does not change when it switches.
 */
public final class StoredRuns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_JSON =
      """
      select jsonb_build_object(
        'id', r.id, 'type', r.type, 'name', r.name, 'status', r.status,
        'parentRunId', r.parent_run_id, 'createdAt', r.created_at, 'endedAt', r.ended_at,
        'input', r.input, 'output', r.output, 'error', r.error, 'params', r.params,
        'metadata', r.metadata, 'feedback', r.feedback, 'tags', r.tags,
        'tokens', jsonb_build_object('prompt', r.prompt_tokens, 'completion', r.completion_tokens,
                                     'cachedPrompt', r.cached_prompt_tokens),
        'templateVersionId', r.template_version_id, 'runtime', r.runtime,
        'user', case when u.id is null then null
                     else jsonb_build_object('externalId', u.external_id, 'props', u.props) end
      )::text
      from run r left join external_user u on u.id = r.external_user_id
      where r.project_id = ? and r.created_at is not null
      """;

  private final TestServer server;
  private final TestProject project;

  public StoredRuns(TestServer server, TestProject project) {
    this.server = server;
    this.project = project;
  }

  /** The run with this id, or null. */
  public JsonNode run(String id) {
    List<JsonNode> rows = query(RUN_JSON + " and r.id = ?", UUID.fromString(id));
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The run's direct children, oldest first. */
  public List<JsonNode> children(String id) {
    return query(
        RUN_JSON + " and r.parent_run_id = ? order by r.created_at, r.id", UUID.fromString(id));
  }

  /** Every run of the project, oldest first. */
  public List<JsonNode> all() {
    return query(RUN_JSON + " order by r.created_at, r.id");
  }

  private List<JsonNode> query(String sql, Object... args) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project.id());
      for (int i = 0; i < args.length; i++) ps.setObject(i + 2, args[i]);
      List<JsonNode> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(JSON.readTree(rs.getString(1)));
      }
      return out;
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
