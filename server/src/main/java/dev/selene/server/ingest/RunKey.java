package dev.selene.server.ingest;

import java.util.UUID;

/** A run is identified by its project and id. */
record RunKey(UUID projectId, UUID id) {
  /**
   * Written out: run keys are hashed several times per event (batch fold, scheduling, upsert
   * bookkeeping), and the record's generated hash went through method handles in profiles.
   */
  @Override
  public int hashCode() {
    return 31 * projectId.hashCode() + id.hashCode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunKey k && id.equals(k.id) && projectId.equals(k.projectId);
  }
}
