package dev.selene.server.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Run creation times in [start, end); a null bound is open. */
record Range(Instant start, Instant end) {
  /** The first whole UTC hour inside the range (null when unbounded). */
  Instant firstWholeHour() {
    if (start == null) {
      return null;
    }
    Instant floor = start.truncatedTo(ChronoUnit.HOURS);
    return floor.equals(start) ? floor : floor.plus(1, ChronoUnit.HOURS);
  }

  /** The end of the last whole UTC hour inside the range (null when unbounded). */
  Instant lastWholeHourEnd() {
    return end == null ? null : end.truncatedTo(ChronoUnit.HOURS);
  }
}
