package dev.selene.server.users;

import dev.selene.server.http.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A time window on run creation dates, from {@code startDate}/{@code endDate}. A value with an
 * offset ({@code 2025-01-31T23:00:00.000Z}) is that instant; a value without one ({@code
 * 2025-02-01} or {@code 2025-02-01T00:00}) is read in {@code timeZone} (default UTC), and a bare
 * {@code endDate} date includes that whole day. Either end may be open.
 *
 * @param from inclusive lower bound, or null
 * @param to upper bound, or null
 * @param toInclusive whether {@code to} itself is inside the window
 */
record DateWindow(Instant from, Instant to, boolean toInclusive) {
  static final DateWindow ALL = new DateWindow(null, null, true);

  static DateWindow parse(String startDate, String endDate, String timeZone) {
    ZoneId zone = zone(timeZone);
    Instant from = blank(startDate) ? null : instant(startDate.trim(), "startDate", zone, false);
    Instant to = null;
    boolean toInclusive = true;
    if (!blank(endDate)) {
      String value = endDate.trim();
      toInclusive = !isBareDate(value);
      to = instant(value, "endDate", zone, true);
    }
    if (from != null && to != null && (from.isAfter(to) || (!toInclusive && from.equals(to)))) {
      throw ApiException.invalid("endDate", "must not be before startDate");
    }
    return new DateWindow(from, to, toInclusive);
  }

  boolean isAll() {
    return from == null && to == null;
  }

  private static ZoneId zone(String timeZone) {
    if (blank(timeZone)) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw ApiException.invalid(
          "timeZone",
          "unknown time zone '" + timeZone + "' (use an IANA name such as Europe/Paris)");
    }
  }

  /** A bare date as the end of a window means "up to the end of that day". */
  private static Instant instant(String value, String field, ZoneId zone, boolean endOfDay) {
    try {
      if (isBareDate(value)) {
        LocalDate date = LocalDate.parse(value);
        return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
      }
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeException withoutOffset) {
        return LocalDateTime.parse(value).atZone(zone).toInstant();
      }
    } catch (DateTimeException e) {
      throw ApiException.invalid(
          field,
          "must be an ISO-8601 date or date-time such as 2025-01-31 or 2025-01-31T00:00:00.000Z,"
              + " got '"
              + value
              + "'");
    }
  }

  private static boolean isBareDate(String value) {
    return value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-';
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
