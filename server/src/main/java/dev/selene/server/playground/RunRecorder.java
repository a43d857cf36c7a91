package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each playground call as an {@code llm} run of the project (tagged {@code playground},
 * runtime {@code selene-playground}), so its tokens and cost appear with the rest of the traffic
 * and in its template version's usage. Written directly as one complete row: the call is over when
 * it is recorded, so there is nothing for the ingest merge to do.
 */
final class RunRecorder {
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

  record PlaygroundRun(
      UUID projectId,
      UUID runId,
      Instant startedAt,
      Instant endedAt,
      String name,
      boolean success,
      JsonNode input,
      JsonNode output,
      JsonNode error,
      JsonNode params,
      JsonNode metadata,
      Integer promptTokens,
      Integer completionTokens,
      Double cost,
      Long templateVersionId) {}

  private final javax.sql.DataSource db;
  private final Jdbc jdbc;

  RunRecorder(javax.sql.DataSource db, Jdbc jdbc) {
    this.db = db;
    this.jdbc = jdbc;
  }

  /** Never fails the caller: the answer already reached the user; a lost record is logged. */
  void record(PlaygroundRun r) {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into run (project_id, id, created_at, ended_at, type, name, status, tags,"
                    + " input, output, error, params, metadata, prompt_tokens, completion_tokens,"
                    + " cost, template_version_id, runtime) values (?, ?, ?, ?, 'llm', ?, ?, ?,"
                    + " cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), cast(? as jsonb),"
                    + " cast(? as jsonb), ?, ?, ?, ?, 'selene-playground')")) {
      Array tags = c.createArrayOf("text", new String[] {"playground"});
      Jdbc.bind(
          ps,
          r.projectId(),
          r.runId(),
          r.startedAt(),
          r.endedAt(),
          r.name(),
          r.success() ? "success" : "error",
          tags,
          jdbc.write(r.input()),
          jdbc.write(r.output()),
          jdbc.write(r.error()),
          jdbc.write(r.params()),
          jdbc.write(r.metadata()),
          r.promptTokens(),
          r.completionTokens(),
          r.cost(),
          r.templateVersionId());
      ps.executeUpdate();
    } catch (Exception e) {
      log.warn("Could not record playground run {} of project {}", r.runId(), r.projectId(), e);
    }
  }
}
