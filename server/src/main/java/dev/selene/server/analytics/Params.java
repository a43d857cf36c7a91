package dev.selene.server.analytics;

import dev.selene.server.http.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads and validates the query parameters analytics routes share; bad ones are 422s. */
final class Params {
  /** More buckets than this is almost certainly a mistake (an hourly chart over years). */
  static final long MAX_BUCKETS = 20_000;

  private final String rawQuery;
  private final Map<String, String> values = new HashMap<>();
  private final TimeZones zones;

  /** {@code rawQuery}: the request's query string as sent, still percent-encoded. */
  Params(String rawQuery, TimeZones zones) {
    this.rawQuery = rawQuery == null ? "" : rawQuery;
    this.zones = zones;
    for (String pair : this.rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          values.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        } catch (IllegalArgumentException malformed) {
          // not one of ours; the filter parser reports malformed checks
        }
      }
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** startDate, endDate, timeZone and granularity, all required, plus the filter. */
  SeriesRequest series() {
    Instant start = instant("startDate").orElseThrow(() -> missing("startDate", DATE_HINT));
    Instant end = instant("endDate").orElseThrow(() -> missing("endDate", DATE_HINT));
    String zone = zone().orElseThrow(() -> missing("timeZone", ZONE_HINT));
    Granularity granularity =
        granularity().orElseThrow(() -> missing("granularity", GRANULARITY_HINT));
    requireOrder(start, end);
    long buckets = Duration.between(start, end).toHours() / hoursPerBucket(granularity);
    if (buckets > MAX_BUCKETS) {
      throw ApiException.invalid(
          "granularity",
          "the range holds about "
              + buckets
              + " "
              + granularity.wireName()
              + " buckets; at most "
              + MAX_BUCKETS
              + " are served, use a coarser granularity or a shorter range");
    }
    return new SeriesRequest(start, end, zone, granularity, filter());
  }

  /** An optional [startDate, endDate) range for the "top" lists; either bound may be absent. */
  Range range(boolean required) {
    Optional<Instant> start = instant("startDate");
    Optional<Instant> end = instant("endDate");
    if (required) {
      start.orElseThrow(() -> missing("startDate", DATE_HINT));
      end.orElseThrow(() -> missing("endDate", DATE_HINT));
    }
    zone(); // validated when present
    if (start.isPresent() && end.isPresent()) {
      requireOrder(start.get(), end.get());
    }
    return new Range(start.orElse(null), end.orElse(null));
  }

  AnalyticsFilter filter() {
    return AnalyticsFilter.parse(rawQuery);
  }

  Optional<String> text(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  Optional<Long> id(String name) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, "must be a numeric id, got '" + value.get() + "'");
    }
  }

  private Optional<Instant> instant(String name) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.get()).toInstant());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, DATE_HINT + ", got '" + value.get() + "'");
    }
  }

  private Optional<String> zone() {
    Optional<String> value = text("timeZone");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        zones
            .canonical(value.get())
            .orElseThrow(
                () -> ApiException.invalid("timeZone", ZONE_HINT + ", got '" + value.get() + "'")));
  }

  private Optional<Granularity> granularity() {
    Optional<String> value = text("granularity");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Granularity.parse(value.get()));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("granularity", GRANULARITY_HINT + ", got '" + value.get() + "'");
    }
  }

  private static void requireOrder(Instant start, Instant end) {
    if (!end.isAfter(start)) {
      throw ApiException.invalid("endDate", "must be after startDate");
    }
  }

  private static long hoursPerBucket(Granularity g) {
    return switch (g) {
      case HOURLY -> 1;
      case DAILY -> 24;
      case WEEKLY -> 24 * 7;
      case MONTHLY -> 24 * 28;
    };
  }

  private static ApiException missing(String name, String hint) {
    return ApiException.invalid(name, "required, " + hint);
  }

  private static final String DATE_HINT =
      "an ISO-8601 date-time with Z or an offset, such as 2025-01-31T00:00:00.000Z";
  private static final String ZONE_HINT = "an IANA time zone name such as Europe/Paris or UTC";
  private static final String GRANULARITY_HINT = "one of hourly, daily, weekly, monthly";
}
