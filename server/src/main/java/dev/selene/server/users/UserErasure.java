package dev.selene.server.users;

import dev.selene.server.ingest.KnownUsers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Erasure of one end user (the GDPR/CCPA "right to be forgotten" path of the docs): the user row,
 * every run of theirs, every descendant of those runs (whoever it belongs to: it is part of the
 * user's trace), the chat messages of their threads and exchanges (chat runs are derived from them,
 * so a leftover message would bring an exchange back), and the scores of all those runs. {@code
 * run.parent_run_id} and {@code run_score.run_id} have no foreign key (children and scores may
 * arrive before their run), so the cascade is spelled out here rather than left to the schema. One
 * statement: all of it goes, or none.
 */
final class UserErasure {
  private static final String ERASE =
      """
      with recursive doomed(id) as (
        select r.id from run r where r.project_id = ? and r.external_user_id = ?
        union
        select child.id from run child join doomed d on child.parent_run_id = d.id
        where child.project_id = ?
      ),
      scores as (
        delete from run_score s where s.project_id = ? and s.run_id in (select id from doomed)
      ),
      messages as (
        delete from chat_message m
        where m.project_id = ?
          and (m.external_user_id = ?
               or m.thread_id in (select id from doomed)
               or m.exchange_id in (select id from doomed)
               or m.message_id in (select id from doomed))
      ),
      runs as (
        delete from run r where r.project_id = ? and r.id in (select id from doomed)
      )
      delete from external_user u where u.project_id = ? and u.id = ?
      """;

  private final DataSource db;
  private final KnownUsers knownUsers;

  UserErasure(DataSource db, KnownUsers knownUsers) {
    this.db = db;
    this.knownUsers = knownUsers;
  }

  /** Erases the user and all that is theirs; false when the project has no such user. */
  boolean erase(UUID project, long userId) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(ERASE)) {
      ps.setObject(1, project);
      ps.setLong(2, userId);
      ps.setObject(3, project);
      ps.setObject(4, project);
      ps.setObject(5, project);
      ps.setLong(6, userId);
      ps.setObject(7, project);
      ps.setObject(8, project);
      ps.setLong(9, userId);
      boolean erased = ps.executeUpdate() > 0;
      // After the commit: ingestion must not hand out the erased id again.
      knownUsers.forgetAll();
      return erased;
    } catch (SQLException e) {
      throw new IllegalStateException("Erasing external user failed", e);
    }
  }
}
