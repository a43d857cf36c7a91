package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.selene.server.ingest.EventResult;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.ingest.RunEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each playground call as a run of the project through the ingest pipeline, like any SDK
 * event: a start and an end (or error) event, tagged {@code playground}, runtime {@code
 * selene-playground}, linked to its template version. Ingest counts missing tokens and prices the
 * call; the stored figures are read back for the answer.
 */
final class RunRecorder {
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);
  private static final String RUNTIME = "selene-playground";
  private static final List<String> TAGS = List.of("playground");

  /**
   * One finished call. {@code type} is {@code llm} for provider calls (priced) and {@code chain}
   * for custom endpoints (a pipeline of its own: only the tokens it reports are kept).
   */
  record PlaygroundRun(
      UUID projectId,
      UUID runId,
      String type,
      Instant startedAt,
      Instant endedAt,
      String name,
      JsonNode input,
      JsonNode output,
      String errorMessage,
      JsonNode params,
      JsonNode metadata,
      Integer promptTokens,
      Integer completionTokens,
      Long templateVersionId) {}

  /** Tokens and cost as stored (null when unknown or not recorded). */
  record Stored(Integer promptTokens, Integer completionTokens, Double cost) {}

  private final IngestPipeline pipeline;
  private final DataSource db;

  RunRecorder(IngestPipeline pipeline, DataSource db) {
    this.pipeline = pipeline;
    this.db = db;
  }

  /** Never fails the caller: the answer already exists; a lost record is logged. */
  Stored record(PlaygroundRun r) {
    Stored fallback = new Stored(r.promptTokens(), r.completionTokens(), null);
    try {
      List<EventResult> results =
          pipeline.submit(List.of(start(r), finish(r))).get(30, TimeUnit.SECONDS);
      if (results.stream().anyMatch(e -> !e.success())) {
        log.warn("Playground run {} was not stored: {}", r.runId(), results);
        return fallback;
      }
      return stored(r.projectId(), r.runId()).orElse(fallback);
    } catch (Exception e) {
      log.warn("Playground run {} was not stored ({})", r.runId(), e.getClass().getSimpleName());
      return fallback;
    }
  }

  private static RunEvent start(PlaygroundRun r) {
    return new RunEvent(
        r.projectId(),
        "start",
        r.type(),
        r.runId(),
        null,
        r.startedAt(),
        r.name(),
        camel(r.input()),
        null,
        null,
        camel(r.params()),
        camel(r.metadata()),
        null,
        false,
        TAGS,
        null,
        null,
        null,
        null,
        null,
        r.templateVersionId(),
        RUNTIME,
        null,
        null,
        null);
  }

  private static RunEvent finish(PlaygroundRun r) {
    boolean failed = r.errorMessage() != null;
    JsonNode error =
        failed ? JsonNodeFactory.instance.objectNode().put("message", r.errorMessage()) : null;
    return new RunEvent(
        r.projectId(),
        failed ? "error" : "end",
        r.type(),
        r.runId(),
        null,
        r.endedAt(),
        r.name(),
        null,
        camel(r.output()),
        error,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        r.promptTokens(),
        r.completionTokens(),
        null,
        null,
        RUNTIME,
        null,
        null,
        null);
  }

  private java.util.Optional<Stored> stored(UUID project, UUID run) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select prompt_tokens, completion_tokens, cost from run"
                    + " where project_id = ? and id = ?")) {
      ps.setObject(1, project);
      ps.setObject(2, run);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(
            new Stored(
                (Integer) rs.getObject(1), (Integer) rs.getObject(2), (Double) rs.getObject(3)));
      }
    }
  }

  /** Playground runs are stored with camelCased keys, like every ingested run. */
  static JsonNode camel(JsonNode node) {
    return node == null ? null : dev.selene.server.ingest.CamelCase.deep(node.deepCopy());
  }
}
