package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The collector's client-side {@code evaluations}: each becomes a score of the run it names ({@code
 * span_id}) or of the trace's root run, labelled with the evaluation's name — the value is its
 * score, else its pass/fail, else its label ({@code "skipped"} / {@code "error"} when it did not
 * run), the comment its details. Written after the spans are committed, so the runs exist.
 */
final class CollectorEvaluations {
  /** One evaluation ready to store, or why it was rejected. */
  record Evaluation(String spanId, String label, JsonNode value, String comment, String problem) {}

  private final DataSource db;

  CollectorEvaluations(DataSource db) {
    this.db = db;
  }

  static List<Evaluation> parse(JsonNode evaluations) {
    List<Evaluation> out = new ArrayList<>();
    if (!evaluations.isArray()) {
      return out;
    }
    for (int i = 0; i < evaluations.size(); i++) {
      JsonNode e = evaluations.get(i);
      String at = "evaluations[" + i + "]";
      String name = e.path("name").isTextual() ? e.path("name").asText() : null;
      if (name == null || name.isBlank()) {
        out.add(new Evaluation(null, null, null, null, at + ".name: required"));
        continue;
      }
      String status = e.path("status").asText(e.hasNonNull("error") ? "error" : "processed");
      JsonNode value;
      if (!"processed".equals(status)) {
        value = JsonNodeFactory.instance.textNode(status);
      } else if (e.path("score").isNumber()) {
        value = e.get("score");
      } else if (e.path("passed").isBoolean()) {
        value = e.get("passed");
      } else if (e.path("label").isTextual()) {
        value = e.get("label");
      } else {
        out.add(
            new Evaluation(
                null,
                null,
                null,
                null,
                at
                    + ": Either `passed`, `score` or `label` field must be defined for evaluations"));
        continue;
      }
      String comment =
          e.hasNonNull("details")
              ? e.get("details").asText()
              : e.path("error").hasNonNull("message")
                  ? e.path("error").path("message").asText()
                  : null;
      String spanId = e.hasNonNull("span_id") ? e.get("span_id").asText() : null;
      out.add(new Evaluation(spanId, name, value, comment, null));
    }
    return out;
  }

  /** Stores the evaluations on their runs; returns how many were stored. */
  int store(UUID projectId, List<Evaluation> evaluations, String traceId, UUID rootRun) {
    int stored = 0;
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                insert into run_score (project_id, run_id, label, value, comment)
                select ?, ?, ?, ?::jsonb, ? where exists (select 1 from run
                  where project_id = ? and id = ? and created_at is not null)
                on conflict (project_id, run_id, label) do update set value = excluded.value,
                  comment = excluded.comment, updated_at = now()
                """)) {
      for (Evaluation e : evaluations) {
        if (e.problem() != null) {
          continue;
        }
        UUID run =
            e.spanId() != null
                ? dev.selene.server.ingest.RunIds.fromSeed(traceId + "/" + e.spanId())
                : rootRun;
        if (run == null) {
          continue;
        }
        ps.setObject(1, projectId);
        ps.setObject(2, run);
        ps.setString(3, e.label());
        ps.setString(4, e.value().toString());
        ps.setString(5, e.comment());
        ps.setObject(6, projectId);
        ps.setObject(7, run);
        stored += ps.executeUpdate();
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not store evaluations", ex);
    }
    return stored;
  }
}
