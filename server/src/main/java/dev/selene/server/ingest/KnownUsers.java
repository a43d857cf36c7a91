package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.selene.server.ingest.BatchPlan.UserKey;
import java.time.Instant;
import java.util.Map;

/**
 * End users ingestion has recently stored, so that a batch whose users are already known, with the
 * same props and a {@code last_seen} that would not move, resolves their ids without a statement:
 * under steady traffic the same users come back batch after batch, and looking each of them up cost
 * every batch a statement of ~12 µs a user. What is remembered is only ever a lower bound of the
 * stored {@code last_seen} and props known to be stored, so a user is sent to the database whenever
 * the statement could change its row: the stored row stays exactly what it would be without this
 * cache. One instance per process; erasing an end user forgets everything ({@link #forgetAll()}),
 * so an erased user's id is never reused.
 */
public final class KnownUsers {
  /**
   * @param lastSeenFloor the stored {@code last_seen} is at least this
   * @param props the stored props, or {@code null} when not known
   */
  record Known(long id, Instant lastSeenFloor, JsonNode props) {}

  private final Cache<UserKey, Known> known = Caffeine.newBuilder().maximumSize(200_000).build();

  /** Bumped by {@link #forgetAll()}; what a batch learned before it is not remembered. */
  private long generation;

  /** The generation a batch starts in, to hand back to {@link #remember}. */
  synchronized long generation() {
    return generation;
  }

  /**
   * The user's id when storing this sighting would change nothing: known, {@code lastSeen} less
   * than {@link UpsertExternalUsers#LAST_SEEN_RESOLUTION} after the stored one, and props either
   * not sent or equal to the stored ones. {@code null} when the database must see it.
   */
  Long idIfUnchanged(UserKey key, Instant lastSeen, JsonNode props) {
    Known k = known.getIfPresent(key);
    if (k == null || lastSeen == null) {
      return null;
    }
    if (!lastSeen.isBefore(k.lastSeenFloor().plus(UpsertExternalUsers.LAST_SEEN_RESOLUTION))) {
      return null;
    }
    if (props != null && !props.equals(k.props())) {
      return null;
    }
    return k.id();
  }

  /** What a committed batch learned, unless an erasure happened since it started. */
  synchronized void remember(long batchGeneration, Map<UserKey, Known> learned) {
    if (batchGeneration != generation) {
      return;
    }
    learned.forEach(
        (key, k) ->
            known
                .asMap()
                .merge(
                    key,
                    k,
                    (old, now) ->
                        old.id() != now.id()
                            ? now
                            : new Known(
                                now.id(),
                                later(old.lastSeenFloor(), now.lastSeenFloor()),
                                now.props() != null ? now.props() : old.props())));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** An end user was erased: nothing remembered may be used again. */
  public synchronized void forgetAll() {
    generation++;
    known.invalidateAll();
  }
}
