package dev.selene.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a batch's run patches to PostgreSQL as typed rows: a binary {@code COPY} into a temporary
 * table of the writer's session, which the run statements read as {@code src}. PostgreSQL then
 * parses only the JSON values it stores; ids, timestamps and numbers arrive in their binary form.
 * Reading the same rows out of one JSON document cost the backend about 19 µs a run, more than a
 * quarter of the insert statement (bench/README.md, "Session 14"). The COPY is one more round trip,
 * so {@link UpsertRuns} uses it for large batches only.
 *
 * <p>Each call stages its patches under a new pass number; the statement that follows deletes them
 * as it reads them, so the table holds no live rows between statements (a rolled-back batch takes
 * its rows with it). The table is not emptied at commit ({@code on commit delete rows}): that
 * truncated its file at every commit, inside the commit, and the file system's truncation took
 * about as long as the WAL flush (bench/README.md, "Session 16"). Instead every few batches the
 * writer vacuums the table before its transaction, keeping the file's pages for the next rows.
 */
final class RunStage implements RunSource {
  private static final Logger log = LoggerFactory.getLogger(RunStage.class);

  static final String TABLE = "selene_run_stage";

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static final String CTE =
      """
      with src as (
        delete from %s where pass = ?
        returning project_id, id, has_start, created_at, ended_at, type, name, status, tags, input,
          output, error, params, metadata, metadata_mode, feedback, feedback_replace, parent_run_id,
          prompt_tokens, completion_tokens, cached_prompt_tokens, external_user_id,
          template_version_id, runtime, cost
      )
      """
          .formatted(TABLE);

  /** The columns as {@link #copy} writes them, in this order. */
  private static final String COLUMNS =
      """
      pass int4 not null, project_id uuid not null, id uuid not null, has_start bool not null,
      created_at timestamptz, ended_at timestamptz, type text, name text, status text, tags text[],
      input jsonb, output jsonb, error jsonb, params jsonb, metadata jsonb,
      metadata_mode int4 not null, feedback jsonb, feedback_replace bool not null,
      parent_run_id uuid, prompt_tokens int4, completion_tokens int4, cached_prompt_tokens int4,
      external_user_id int8, template_version_id int8, runtime text, cost float8
      """;

  private static final int FIELDS = 26;

  /**
   * A session's table is vacuumed before every this many batches: the rows deleted since stay
   * within the session's temporary buffers (8 MB by default), so the table never touches its file.
   */
  private static final int VACUUM_EVERY = 4;

  private final ObjectMapper json;
  private final AtomicInteger passes = new AtomicInteger();

  /**
   * Sessions (physical connections) whose temporary table exists, with the batches each has
   * prepared; weak, as the pool retires them.
   */
  private final Map<PGConnection, AtomicInteger> prepared =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Set when the database refused the temporary table (no TEMP privilege): use documents. */
  private volatile boolean unavailable;

  RunStage(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Creates the session's temporary table on first use of a connection, and vacuums it every {@link
   * #VACUUM_EVERY} batches; called outside the batch's transaction, so the table outlives a batch
   * that rolls back. A database that refuses it (an external one without the TEMP privilege) leaves
   * ingestion on JSON documents, with a warning.
   */
  void prepare(Connection c) {
    if (unavailable) {
      return;
    }
    try {
      PGConnection session = c.unwrap(PGConnection.class);
      AtomicInteger batches = prepared.get(session);
      if (batches != null) {
        if (batches.incrementAndGet() % VACUUM_EVERY == 0) {
          try (Statement s = c.createStatement()) {
            s.execute("vacuum " + TABLE);
          }
        }
        return;
      }
      try (Statement s = c.createStatement()) {
        // Vacuum keeps the emptied pages (no truncation): the next batches fill them again.
        s.execute(
            "create temporary table if not exists "
                + TABLE
                + " ("
                + COLUMNS
                + ") with (vacuum_truncate = false) on commit preserve rows");
      }
      prepared.put(session, new AtomicInteger());
    } catch (SQLException e) {
      if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        // Anything else (a broken connection) fails the batch's own statements; try again next
        // time.
        return;
      }
      unavailable = true;
      log.warn(
          "Cannot create the temporary table {} ({}); large ingest batches are sent as JSON"
              + " documents instead, which costs the database more CPU",
          TABLE,
          e.getMessage());
    }
  }

  /** Whether {@link #prepare} created the table in this connection's session. */
  boolean isReady(Connection c) throws SQLException {
    return !unavailable && prepared.containsKey(c.unwrap(PGConnection.class));
  }

  @Override
  public String cte() {
    return CTE;
  }

  @Override
  public void bind(Connection c, PreparedStatement statement, Collection<RunPatch> patches)
      throws SQLException {
    statement.setInt(1, copy(c, patches));
  }

  /** Copies the patches into the stage; returns the pass number that selects them. */
  private int copy(Connection c, Collection<RunPatch> patches) throws SQLException {
    int pass = passes.incrementAndGet();
    BinaryCopyRows out = new BinaryCopyRows(patches.size() * 1024);
    for (RunPatch r : patches) {
      out.startRow(FIELDS);
      out.int4(pass);
      out.uuid(r.projectId);
      out.uuid(r.id);
      out.bool(r.hasStart);
      out.timestamp(r.createdAt);
      out.timestamp(r.endedAt);
      out.text(r.type);
      out.text(r.name);
      out.text(r.status);
      out.textArray(r.tags);
      jsonb(out, r.input);
      jsonb(out, r.output);
      jsonb(out, r.error);
      jsonb(out, r.params);
      jsonb(out, r.metadata);
      out.int4(r.metadataMode.ordinal());
      jsonb(out, r.feedback);
      out.bool(r.feedbackReplace);
      out.uuid(r.parentRunId);
      out.int4(r.promptTokens);
      out.int4(r.completionTokens);
      out.int4(r.cachedPromptTokens);
      out.int8(r.externalUserId);
      out.int8(r.templateVersionId);
      out.text(r.runtime);
      out.float8(r.cost);
    }
    out.end();
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "copy " + TABLE + " from stdin (format binary)",
              new ByteArrayInputStream(out.bytes(), 0, out.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pass;
  }

  /**
   * A JSON value as jsonb's binary form (a version byte, then the text), or SQL null for an absent
   * or JSON null value. Serialised to a Java string first, as the JSON document before it was: a
   * lone surrogate becomes '?' rather than failing the batch.
   */
  private void jsonb(BinaryCopyRows out, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      out.nullField();
      return;
    }
    try {
      out.jsonb(json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
