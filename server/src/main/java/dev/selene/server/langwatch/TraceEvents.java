package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.ingest.RunEvent;
import dev.selene.server.otlp.SpanIngest;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * Links LangWatch events to the trace they name. A trace is its root run (the run whose {@code
 * metadata.otel.traceId} is the id and which has no parent). An event for a trace not stored yet is
 * remembered; when the trace's root arrives (reported by {@link SpanIngest} after its commit) the
 * event is re-parented under it. Both sides check after their own commit, so whichever of the two
 * commits last sees the other: no order loses the link.
 */
public final class TraceEvents implements SpanIngest.RootListener {
  private static final String FIND_ROOT =
      """
      select id from run
      where project_id = ? and parent_run_id is null and (metadata -> 'otel') is not null
        and metadata #>> '{otel,traceId}' = ? and created_at is not null
      order by created_at limit 1
      """;

  private final DataSource db;
  private final IngestPipeline pipeline;
  private final ObjectMapper json;

  public TraceEvents(DataSource db, IngestPipeline pipeline, ObjectMapper json) {
    this.db = db;
    this.pipeline = pipeline;
    this.json = json;
  }

  /** A pending event: its run, its time, and the feedback to put on the root (thumbs). */
  record Pending(UUID runId, String traceId, Instant time, JsonNode feedback) {}

  UUID findRoot(UUID projectId, String traceId) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(FIND_ROOT)) {
      ps.setObject(1, projectId);
      ps.setString(2, traceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1, UUID.class) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not look up trace " + traceId, e);
    }
  }

  void remember(UUID projectId, Pending p) {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                insert into langwatch_pending_event (project_id, run_id, trace_id, event_time, feedback)
                values (?, ?, ?, ?, ?::jsonb) on conflict do nothing
                """)) {
      ps.setObject(1, projectId);
      ps.setObject(2, p.runId());
      ps.setString(3, p.traceId());
      ps.setTimestamp(4, Timestamp.from(p.time()));
      ps.setString(5, p.feedback() == null ? null : p.feedback().toString());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not remember a pending event", e);
    }
  }

  /** After an event's own commit: if its trace's root exists now, attach the event to it. */
  CompletableFuture<Void> joinIfRootExists(UUID projectId, Pending p) {
    UUID root = findRoot(projectId, p.traceId());
    if (root == null) {
      return CompletableFuture.completedFuture(null);
    }
    return attach(projectId, root, List.of(p));
  }

  @Override
  public CompletableFuture<Void> rootsStored(UUID projectId, Map<String, UUID> rootRunByTraceId) {
    List<Pending> pending = pending(projectId, rootRunByTraceId.keySet());
    if (pending.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String traceId : rootRunByTraceId.keySet()) {
      List<Pending> forTrace = pending.stream().filter(p -> p.traceId().equals(traceId)).toList();
      if (!forTrace.isEmpty()) {
        all.add(attach(projectId, rootRunByTraceId.get(traceId), forTrace));
      }
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> attach(UUID projectId, UUID root, List<Pending> events) {
    List<RunEvent> out = new ArrayList<>();
    for (Pending p : events) {
      out.add(TrackedEvents.reparent(projectId, p.runId(), root, p.time()));
      if (p.feedback() != null) {
        out.add(TrackedEvents.feedback(projectId, root, p.time(), p.feedback()));
      }
    }
    return pipeline
        .submit(out)
        .thenAccept(
            results -> {
              if (results.stream().allMatch(r -> r.success())) {
                forget(projectId, events);
              }
            });
  }

  private List<Pending> pending(UUID projectId, java.util.Collection<String> traceIds) {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                select run_id, trace_id, event_time, feedback::text from langwatch_pending_event
                where project_id = ? and trace_id = any(?)
                """)) {
      ps.setObject(1, projectId);
      ps.setArray(2, c.createArrayOf("text", traceIds.toArray()));
      List<Pending> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String feedback = rs.getString(4);
          out.add(
              new Pending(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getTimestamp(3).toInstant(),
                  feedback == null ? null : json.readTree(feedback)));
        }
      }
      return out;
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("Could not read pending events", e);
    }
  }

  private void forget(UUID projectId, List<Pending> events) {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "delete from langwatch_pending_event where project_id = ? and run_id = any(?)")) {
      ps.setObject(1, projectId);
      ps.setArray(2, c.createArrayOf("uuid", events.stream().map(Pending::runId).toArray()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not clear pending events", e);
    }
  }
}
