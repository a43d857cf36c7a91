package dev.selene.server.ingest;

import dev.selene.server.ingest.BatchPlan.UserKey;
import dev.selene.server.ingest.BatchPlan.UserPatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upserts the batch's end users in one statement. Props sent replace the stored ones; an event
 * without props keeps them (the reference wipes them). {@code last_seen} only moves forward, and
 * only by at least {@link #LAST_SEEN_RESOLUTION}: a known user whose props are unchanged and who
 * was seen less than that before is read, not rewritten. Under steady traffic the same users come
 * back batch after batch, and rewriting each of their rows every batch only to move {@code
 * last_seen} by milliseconds cost the single writer a new row version, WAL and vacuum work per user
 * per batch (at full load 378 WAL records per batch and 2.1 ms of the statement, now 4 and 1.3 ms;
 * bench/README.md). So the stored value may be up to that much older than the user's latest event.
 */
final class UpsertExternalUsers {
  /** How far {@code last_seen} may lag the user's latest event (documented in the users API). */
  static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);

  /** Whether the stored row {@code u} must take what the batch sent ({@code k}). */
  private static final String MOVES =
      """
      (k.last_seen >= u.last_seen + interval '%d seconds'
        or (u.last_seen is null and k.last_seen is not null)
        or (k.props is not null and k.props is distinct from u.props))"""
          .formatted(LAST_SEEN_RESOLUTION.toSeconds());

  /**
   * Known users are found by key first; only those whose props or {@code last_seen} must move are
   * updated: the condition is evaluated on the row read by key, so the others cost no second
   * lookup, then again on the row being updated, so a concurrent writer's newer version is what is
   * compared. New users are inserted; one inserted meanwhile by another process is merged by the
   * conflict clause, as before.
   */
  private static final String SQL =
      """
      with sent as materialized (
        select v.project_id, v.external_id, v.last_seen::timestamptz as last_seen,
          v.props::jsonb as props
        from unnest(?::uuid[], ?::text[], ?::text[], ?::text[])
          as v(project_id, external_id, last_seen, props)),
      known as materialized (
        select k.project_id, k.external_id, k.last_seen, k.props, u.id,
          u.last_seen as stored_last_seen, %1$s as moves
        from sent k left join external_user u
          on u.project_id = k.project_id and u.external_id = k.external_id),
      moved as (
        update external_user u set
          last_seen = greatest(u.last_seen, k.last_seen),
          props = coalesce(k.props, u.props)
        from known k
        where k.moves and u.id = k.id and %1$s),
      added as (
        insert into external_user as u (project_id, external_id, last_seen, props)
        select k.project_id, k.external_id, k.last_seen, k.props from known k where k.id is null
        on conflict (project_id, external_id) do update set
          last_seen = greatest(u.last_seen, excluded.last_seen),
          props = coalesce(excluded.props, u.props)
        returning u.project_id, u.external_id, u.id, u.last_seen)
      select project_id, external_id, id, stored_last_seen from known where id is not null
      union all
      select project_id, external_id, id, last_seen from added
      """
          .formatted(MOVES);

  private UpsertExternalUsers() {}

  /**
   * Sets the id of every user of the batch: from {@code known} when storing them would change
   * nothing, else by the statement. Returns what the statement taught, for {@link
   * KnownUsers#remember} once the batch is committed.
   */
  static Map<UserKey, KnownUsers.Known> run(
      Connection c, Map<UserKey, UserPatch> users, KnownUsers known) throws SQLException {
    List<Map.Entry<UserKey, UserPatch>> rows = new ArrayList<>();
    for (Map.Entry<UserKey, UserPatch> user : users.entrySet()) {
      UserPatch u = user.getValue();
      u.id = known.idIfUnchanged(user.getKey(), u.lastSeen, u.props);
      if (u.id == null) {
        rows.add(user);
      }
    }
    if (rows.isEmpty()) {
      return Map.of();
    }
    Map<UserKey, KnownUsers.Known> learned = new HashMap<>();
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
          UserPatch user = users.get(key);
          user.id = rs.getLong(3);
          Timestamp storedLastSeen = rs.getTimestamp(4);
          if (storedLastSeen != null) {
            // Props sent are stored ones now: written, or already equal (nothing moved).
            learned.put(key, new KnownUsers.Known(user.id, storedLastSeen.toInstant(), user.props));
          }
        }
      }
    }
    return learned;
  }
}
