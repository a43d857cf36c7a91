package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Merges a batch of {@link RunPatch}es into the run table: new runs are inserted, existing ones
 * updated with the merge rules below. The rules mirror {@link RunPatch} so the stored result does
 * not depend on which batch an event landed in. Returns the merged rows that pricing needs (with
 * input/output only when tokens must still be counted).
 *
 * <p>Each run goes straight to the statement that most likely applies: a run whose start is in the
 * batch is usually new, so it is inserted; any other (an end, an update, feedback) usually exists,
 * so it is updated. Runs the guess was wrong for (inserted already, or not stored yet) come back
 * and go to the other statement, until every run is written: as a rule one statement per kind and
 * batch and each run written once. The former single update-then-insert statement probed and joined
 * every run twice and carried whole rows through its CTEs; for a batch of new runs this costs about
 * a fifth less database time (bench/README.md, "Re-measured"). It is also exact when another
 * process inserts the same run concurrently: the insert waits for it and skips the run, and the
 * following update, a new statement, sees and merges it.
 */
final class UpsertRuns {
  /** The merged state of one run after the upsert, as pricing needs it. */
  record StoredRun(
      UUID projectId,
      UUID id,
      String type,
      String name,
      Instant createdAt,
      Instant endedAt,
      Integer promptTokens,
      Integer completionTokens,
      int cachedPromptTokens,
      Double cost,
      JsonNode input,
      JsonNode output,
      JsonNode params) {}

  /**
   * Every written run's key; the rest only for the finished LLM runs still unpriced (runs whose
   * start and end were in the same batch were priced before the upsert).
   */
  private static final String RETURNED =
      """
      r.project_id, r.id, %1$s as needs_pricing,
      case when %1$s then r.type end as type, case when %1$s then r.name end as name,
      case when %1$s then r.created_at end as created_at,
      case when %1$s then r.ended_at end as ended_at,
      case when %1$s then r.prompt_tokens end as prompt_tokens,
      case when %1$s then r.completion_tokens end as completion_tokens,
      case when %1$s then r.cached_prompt_tokens end as cached_prompt_tokens,
      case when %1$s then r.cost end as cost,
      case when %1$s and %2$s then r.input end as input,
      case when %1$s and %2$s then r.output end as output,
      case when %1$s and %2$s then r.params end as params
      """
          .formatted(
              "(r.type = 'llm' and r.ended_at is not null and r.created_at is not null"
                  + " and r.name is not null and r.cost is null)",
              "(r.prompt_tokens is null or r.completion_tokens is null)");

  /**
   * New runs (after a {@link RunSource}'s CTE); a run stored already is skipped (not returned) and
   * goes to {@link #UPDATE}.
   */
  private static final String INSERT =
      """
          insert into run as r (project_id, id, created_at, ended_at, type, name, status, tags, input,
            output, error, params, metadata, feedback, parent_run_id, prompt_tokens,
            completion_tokens, cached_prompt_tokens, external_user_id, template_version_id, runtime,
            cost)
          select s.project_id, s.id, s.created_at, s.ended_at, s.type, s.name, s.status, s.tags,
            s.input, s.output, s.error, s.params, s.metadata,
            nullif(jsonb_strip_nulls(s.feedback), '{}'::jsonb), s.parent_run_id, s.prompt_tokens,
            s.completion_tokens, coalesce(s.cached_prompt_tokens, 0), s.external_user_id,
            s.template_version_id, s.runtime, s.cost
          from src s
          on conflict (project_id, id) do nothing
          returning %s
          """
          .formatted(RETURNED);

  /**
   * Stored runs (after a {@link RunSource}'s CTE), merged; a run not stored (yet) is not returned
   * and goes to {@link #INSERT}.
   */
  private static final String UPDATE =
      """
          update run r set
            created_at = case when s.has_start then coalesce(s.created_at, r.created_at)
              else coalesce(r.created_at, s.created_at) end,
            ended_at = coalesce(s.ended_at, r.ended_at),
            type = case when s.has_start then coalesce(s.type, r.type) else coalesce(r.type, s.type) end,
            name = case when s.has_start then coalesce(s.name, r.name) else coalesce(r.name, s.name) end,
            status = case when selene_status_rank(s.status) > selene_status_rank(r.status)
              then s.status else r.status end,
            tags = selene_merge_tags(r.tags, s.tags),
            input = coalesce(s.input, r.input),
            output = coalesce(s.output, r.output),
            error = coalesce(s.error, r.error),
            params = case when s.has_start then coalesce(s.params, r.params)
              else coalesce(r.params, s.params) end,
            metadata = case
              when s.metadata is null then r.metadata
              when s.metadata_mode = 1 then s.metadata
              when s.metadata_mode = 2 then coalesce(r.metadata, s.metadata)
              when r.metadata is null or jsonb_typeof(r.metadata) <> 'object' then s.metadata
              else r.metadata || s.metadata end,
            feedback = case
              when s.feedback is null then r.feedback
              when s.feedback_replace or r.feedback is null or jsonb_typeof(r.feedback) <> 'object'
                then nullif(jsonb_strip_nulls(s.feedback), '{}'::jsonb)
              else nullif(jsonb_strip_nulls(r.feedback || s.feedback), '{}'::jsonb) end,
            parent_run_id = case when s.has_start then coalesce(s.parent_run_id, r.parent_run_id)
              else coalesce(r.parent_run_id, s.parent_run_id) end,
            prompt_tokens = coalesce(s.prompt_tokens, r.prompt_tokens),
            completion_tokens = coalesce(s.completion_tokens, r.completion_tokens),
            cached_prompt_tokens = coalesce(s.cached_prompt_tokens, r.cached_prompt_tokens),
            external_user_id = case when s.has_start
              then coalesce(s.external_user_id, r.external_user_id)
              else coalesce(r.external_user_id, s.external_user_id) end,
            template_version_id = coalesce(s.template_version_id, r.template_version_id),
            runtime = case when s.has_start then coalesce(s.runtime, r.runtime)
              else coalesce(r.runtime, s.runtime) end,
            cost = coalesce(s.cost, r.cost),
            updated_at = now()
          from src s
          where r.project_id = s.project_id and r.id = s.id
          returning %s
          """
          .formatted(RETURNED);

  /**
   * A run that keeps moving between the two statements is being inserted and deleted by someone
   * else at the same time; give up on the batch rather than loop.
   */
  private static final int MAX_ROUNDS = 4;

  /**
   * From this many runs a statement reads its runs from a binary COPY ({@link RunStage}) rather
   * than a JSON document. The COPY's extra round trip (and, until session 16, the stage's
   * truncation at commit) is a fixed cost per batch: staging every batch made the ack p99 of
   * batches of 10 at 5,000 events/s twice as long (bench/README.md, "Session 14"). Under full load
   * most of a writer's batches are two requests of 100 events or more, where staging saves
   * PostgreSQL about a tenth of its CPU (bench/README.md, "Session 15").
   */
  static final int STAGE_MIN_RUNS = 100;

  private final ObjectMapper json;
  private final RunDocument document;
  private final RunStage stage;

  UpsertRuns(ObjectMapper json) {
    this.json = json;
    this.document = new RunDocument(json);
    this.stage = new RunStage(json);
  }

  /** Readies a connection for {@link #run}; outside the batch's transaction. */
  void prepare(Connection c) {
    stage.prepare(c);
  }

  /** Merges the patches; returns the finished LLM runs that still need tokens or a price. */
  List<StoredRun> run(Connection c, Collection<RunPatch> patches) throws SQLException {
    List<RunPatch> toInsert = new ArrayList<>();
    List<RunPatch> toUpdate = new ArrayList<>();
    for (RunPatch p : patches) {
      (p.hasStart ? toInsert : toUpdate).add(p);
    }
    List<StoredRun> unpriced = new ArrayList<>();
    for (int round = 0; !toInsert.isEmpty() || !toUpdate.isEmpty(); round++) {
      if (round == MAX_ROUNDS) {
        throw new SQLException("runs kept appearing and disappearing while being written");
      }
      toUpdate.addAll(write(c, INSERT, toInsert, unpriced));
      toInsert = write(c, UPDATE, toUpdate, unpriced);
      toUpdate = new ArrayList<>();
    }
    return unpriced;
  }

  /** Runs {@code sql} on the patches; returns the patches it did not write. */
  private List<RunPatch> write(
      Connection c, String sql, List<RunPatch> patches, List<StoredRun> unpriced)
      throws SQLException {
    if (patches.isEmpty()) {
      return new ArrayList<>();
    }
    Set<RunKey> written = new HashSet<>(patches.size() * 2);
    RunSource source = patches.size() >= STAGE_MIN_RUNS && stage.isReady(c) ? stage : document;
    try (PreparedStatement ps = c.prepareStatement(source.cte() + sql)) {
      source.bind(c, ps, patches);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID projectId = rs.getObject("project_id", UUID.class);
          UUID id = rs.getObject("id", UUID.class);
          written.add(new RunKey(projectId, id));
          if (rs.getBoolean("needs_pricing")) {
            unpriced.add(read(rs, projectId, id));
          }
        }
      }
    }
    List<RunPatch> left = new ArrayList<>();
    for (RunPatch p : patches) {
      if (!written.contains(p.key())) {
        left.add(p);
      }
    }
    return left;
  }

  private StoredRun read(ResultSet rs, UUID projectId, UUID id) throws SQLException {
    return new StoredRun(
        projectId,
        id,
        rs.getString("type"),
        rs.getString("name"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("ended_at")),
        (Integer) rs.getObject("prompt_tokens"),
        (Integer) rs.getObject("completion_tokens"),
        rs.getInt("cached_prompt_tokens"),
        (Double) rs.getObject("cost"),
        parse(rs.getString("input")),
        parse(rs.getString("output")),
        parse(rs.getString("params")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private JsonNode parse(String s) {
    if (s == null) {
      return null;
    }
    try {
      return json.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }
}
