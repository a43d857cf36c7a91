package dev.selene.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * A child run inherits its parent's end user (an LLM call inside an identified agent belongs to
 * that user). Runs may arrive before or after their parents, so after each batch the user is pushed
 * down from every touched run, and from the parents of touched runs, to descendants that have none.
 * A child's own user is never overwritten.
 */
final class InheritUsers {
  private static final String SQL =
      """
      with recursive seeds as (
        select r.project_id, r.id, r.external_user_id from run r
        where r.project_id = ? and r.external_user_id is not null
          and (r.id = any(?) or r.id in (
            select c.parent_run_id from run c where c.project_id = ? and c.id = any(?)))
      ),
      tree as (
        select project_id, id, external_user_id from seeds
        union all
        select c.project_id, c.id, t.external_user_id
        from tree t join run c on c.project_id = t.project_id and c.parent_run_id = t.id
        where c.external_user_id is null
      )
      update run r set external_user_id = t.external_user_id
      from tree t
      where r.project_id = t.project_id and r.id = t.id and r.external_user_id is null
      """;

  private InheritUsers() {}

  static void run(Connection c, UUID projectId, Collection<UUID> touched) throws SQLException {
    if (touched.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      var ids = c.createArrayOf("uuid", touched.toArray());
      ps.setObject(1, projectId);
      ps.setArray(2, ids);
      ps.setObject(3, projectId);
      ps.setArray(4, ids);
      ps.executeUpdate();
    }
  }
}
