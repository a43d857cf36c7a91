package dev.selene.server.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The expected buckets, computed independently with java.time (the test oracle). */
final class JavaBuckets {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneId.of("UTC"));

  private JavaBuckets() {}

  /** Runs per bucket, keyed by the bucket's start as the API prints it; empty when no runs. */
  static Map<String, Long> count(
      List<Instant> created, Instant start, Instant end, ZoneId zone, Granularity g) {
    Map<String, Long> out = new TreeMap<>();
    if (g == Granularity.HOURLY) {
      Instant origin = start.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
      for (Instant b = origin; b.isBefore(end); b = b.plus(1, ChronoUnit.HOURS)) {
        out.put(ISO.format(b), 0L);
      }
      for (Instant t : created) {
        if (!t.isBefore(start) && t.isBefore(end)) {
          long hours = ChronoUnit.HOURS.between(origin, t);
          out.merge(ISO.format(origin.plus(hours, ChronoUnit.HOURS)), 1L, Long::sum);
        }
      }
    } else {
      for (LocalDate d = truncate(start.atZone(zone).toLocalDate(), g);
          d.atStartOfDay(zone).toInstant().isBefore(end);
          d = next(d, g)) {
        out.put(ISO.format(d.atStartOfDay(zone).toInstant()), 0L);
      }
      for (Instant t : created) {
        if (!t.isBefore(start) && t.isBefore(end)) {
          LocalDate d = truncate(t.atZone(zone).toLocalDate(), g);
          out.merge(ISO.format(d.atStartOfDay(zone).toInstant()), 1L, Long::sum);
        }
      }
    }
    return out.values().stream().allMatch(v -> v == 0) ? new TreeMap<>() : out;
  }

  private static LocalDate truncate(LocalDate d, Granularity g) {
    return switch (g) {
      case WEEKLY -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> d.withDayOfMonth(1);
      default -> d;
    };
  }

  private static LocalDate next(LocalDate d, Granularity g) {
    return switch (g) {
      case WEEKLY -> d.plusWeeks(1);
      case MONTHLY -> d.plusMonths(1);
      default -> d.plusDays(1);
    };
  }
}
