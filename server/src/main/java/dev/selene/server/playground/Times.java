package dev.selene.server.playground;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API writes them: ISO-8601, milliseconds, {@code Z}. */
final class Times {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  static String iso(Instant t) {
    return t == null ? null : ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
  }
}
