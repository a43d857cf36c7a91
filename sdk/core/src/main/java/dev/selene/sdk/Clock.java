package dev.selene.sdk;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event timestamps in microseconds since the epoch, strictly increasing within the process: a
 * server that orders a batch by timestamp (as Lunary's does) then sees a run's start before its end
 * even when both happen within the same microsecond.
 */
final class Clock {
  private static final AtomicLong LAST = new AtomicLong();

  private Clock() {}

  static long nowMicros() {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    while (true) {
      long last = LAST.get();
      long next = micros > last ? micros : last + 1;
      if (LAST.compareAndSet(last, next)) {
        return next;
      }
    }
  }

  /** ISO-8601 in UTC with microseconds, e.g. {@code 2025-01-01T10:00:00.123456Z}. */
  static String format(long micros) {
    Instant i =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    String s = i.toString();
    // Instant prints no fraction for whole seconds and 3 digits for whole milliseconds; keep 6.
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s.substring(0, s.length() - 1) + ".000000Z";
    }
    int digits = s.length() - 1 - dot - 1;
    return digits >= 6 ? s : s.substring(0, s.length() - 1) + "000000".substring(digits) + "Z";
  }
}
