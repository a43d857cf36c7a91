package dev.selene.server.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The changes the runs API makes to stored runs. Each is one statement scoped to the project and to
 * visible runs, and reports whether the run existed, so callers can answer 404.
 */
final class RunMutations {
  private final DataSource db;

  RunMutations(DataSource db) {
    this.db = db;
  }

  /**
   * Merges {@code patch} (a JSON object without nulls) into the feedback and removes {@code
   * removedKeys}, in one statement so concurrent feedback events are not lost; an emptied feedback
   * becomes null.
   */
  boolean mergeFeedback(UUID project, UUID run, String patch, List<String> removedKeys)
      throws SQLException {
    String sql =
        "update run set feedback = nullif((coalesce(feedback, '{}'::jsonb) || ?::jsonb) - ?::text[],"
            + " '{}'::jsonb), updated_at = now()"
            + " where project_id = ? and id = ? and created_at is not null";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, patch);
      ps.setArray(2, c.createArrayOf("text", removedKeys.toArray()));
      ps.setObject(3, project);
      ps.setObject(4, run);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Inserts or replaces the score {@code label} of an existing run. A comment that was not sent
   * keeps the stored one; an explicit null clears it.
   */
  boolean upsertScore(
      UUID project, UUID run, String label, String value, boolean commentSent, String comment)
      throws SQLException {
    String sql =
        "insert into run_score (project_id, run_id, label, value, comment)"
            + " select ?, ?, ?, ?::jsonb, ? where exists (select 1 from run"
            + "   where project_id = ? and id = ? and created_at is not null)"
            + " on conflict (project_id, run_id, label) do update set value = excluded.value,"
            + (commentSent ? " comment = excluded.comment," : "")
            + " updated_at = now()";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, project);
      ps.setObject(2, run);
      ps.setString(3, label);
      ps.setString(4, value);
      ps.setString(5, comment);
      ps.setObject(6, project);
      ps.setObject(7, run);
      return ps.executeUpdate() > 0;
    }
  }

  /** Replaces the tags ({@code null} clears them). */
  boolean replaceTags(UUID project, UUID run, List<String> tags) throws SQLException {
    String sql =
        "update run set tags = ?, updated_at = now()"
            + " where project_id = ? and id = ? and created_at is not null";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, tags == null ? null : c.createArrayOf("text", tags.toArray()));
      ps.setObject(2, project);
      ps.setObject(3, run);
      return ps.executeUpdate() > 0;
    }
  }

  boolean setPublic(UUID project, UUID run, boolean isPublic) throws SQLException {
    String sql =
        "update run set is_public = ?, updated_at = now()"
            + " where project_id = ? and id = ? and created_at is not null";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBoolean(1, isPublic);
      ps.setObject(2, project);
      ps.setObject(3, run);
      return ps.executeUpdate() > 0;
    }
  }

  private static final String DELETE_TREE =
      """
      with recursive tree(id) as (
        select id from run where project_id = ? and id = ? and created_at is not null
        union
        select c.id from tree t join run c on c.project_id = ? and c.parent_run_id = t.id
      ),
      scores as (
        delete from run_score where project_id = ? and run_id in (select id from tree)
      ),
      messages as (
        delete from chat_message where project_id = ?
          and (thread_id in (select id from tree) or exchange_id in (select id from tree))
      )
      delete from run where project_id = ? and id in (select id from tree)
      """;

  /**
   * Deletes the run, every descendant at any depth (parent_run_id has no foreign key, so nothing
   * cascades by itself), their scores and the chat messages deleted threads and exchanges were
   * built from, since ingestion re-derives chat runs from stored messages and a later message would
   * otherwise bring them back.
   *
   * @return how many runs were deleted; 0 when the run is unknown
   */
  int deleteTree(UUID project, UUID run) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(DELETE_TREE)) {
      ps.setObject(1, project);
      ps.setObject(2, run);
      for (int i = 3; i <= 6; i++) {
        ps.setObject(i, project);
      }
      return ps.executeUpdate();
    }
  }
}
