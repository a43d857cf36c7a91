package dev.selene.server.ingest;

import dev.selene.server.ingest.BatchPlan.UserKey;
import dev.selene.server.ingest.BatchPlan.UserPatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upserts the batch's end users in one statement. Props sent replace the stored ones; an event
 * without props keeps them (the reference wipes them). {@code last_seen} only moves forward.
 */
final class UpsertExternalUsers {
  private static final String SQL =
      """
      insert into external_user as u (project_id, external_id, last_seen, props)
      select v.project_id, v.external_id, v.last_seen::timestamptz, v.props::jsonb
      from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as v(project_id, external_id, last_seen, props)
      on conflict (project_id, external_id) do update set
        last_seen = greatest(u.last_seen, excluded.last_seen),
        props = coalesce(excluded.props, u.props)
      returning u.project_id, u.external_id, u.id
      """;

  private UpsertExternalUsers() {}

  static void run(Connection c, Map<UserKey, UserPatch> users) throws SQLException {
    if (users.isEmpty()) {
      return;
    }
    List<Map.Entry<UserKey, UserPatch>> rows = new ArrayList<>(users.entrySet());
    SqlArrays arrays = new SqlArrays(c);
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setArray(1, arrays.uuids(rows, r -> r.getKey().projectId()));
      ps.setArray(2, arrays.texts(rows, r -> r.getKey().externalId()));
      ps.setArray(3, arrays.instants(rows, r -> r.getValue().lastSeen));
      ps.setArray(
          4,
          arrays.texts(
              rows, r -> r.getValue().props == null ? null : r.getValue().props.toString()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UserKey key = new UserKey(rs.getObject(1, UUID.class), rs.getString(2));
          users.get(key).id = rs.getLong(3);
        }
      }
    }
  }
}
