package dev.selene.server.runs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as the reference's JSON shows them: ISO-8601, UTC, milliseconds, {@code Z}. */
final class IsoTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private IsoTime() {}

  static String format(OffsetDateTime time) {
    return time == null ? null : FORMAT.format(time.toInstant());
  }

  static String format(Instant time) {
    return time == null ? null : FORMAT.format(time);
  }
}
