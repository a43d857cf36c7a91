package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The UTC hours PostgreSQL finds split between two local buckets (read raw, the others from hourly
 * rollups) are the hours java.time finds split: a bucket boundary or an offset change inside the
 * hour, over a whole year in zones with half-hour and 45-minute offsets and daylight saving.
 */
class SplitHoursTest {
  private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-01-01T00:00:00Z");

  private final DataSource db = TestServer.shared().db();

  @Test
  void localBuckets_splitHoursMatchJavaTime() {
    for (String zone :
        List.of(
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Adelaide",
            "Australia/Lord_Howe",
            "Pacific/Chatham",
            "America/St_Johns",
            "America/Santiago",
            "Europe/Paris",
            "UTC")) {
      for (Granularity g : List.of(Granularity.DAILY, Granularity.WEEKLY, Granularity.MONTHLY)) {
        Bucketing b = new Bucketing.Local(g, zone, FROM, TO);
        assertThat(splitHours(b)).as(zone + " " + g).isEqualTo(javaSplitHours(ZoneId.of(zone), g));
      }
    }
  }

  @Test
  void kolkataDays_onlyTheHourHoldingLocalMidnight() {
    List<Instant> split =
        splitHours(new Bucketing.Local(Granularity.DAILY, "Asia/Kolkata", FROM, TO));
    assertThat(split).hasSize(365);
    assertThat(split).allMatch(h -> h.atZone(ZoneId.of("UTC")).getHour() == 18);
  }

  @Test
  void hourAlignedZone_noSplitHoursEvenAcrossDaylightSaving() {
    for (Granularity g : List.of(Granularity.DAILY, Granularity.WEEKLY, Granularity.MONTHLY)) {
      Bucketing b = new Bucketing.Local(g, "Europe/Paris", FROM, TO);
      assertThat(b.hourAligned()).isTrue();
      assertThat(splitHours(b)).as(g.toString()).isEmpty();
    }
  }

  /** The fast path (no hour checked) is only taken where java.time finds no hour split. */
  @Test
  void everyHourAlignedZone_hasNoSplitHours() {
    int aligned = 0;
    for (String zone : ZoneId.getAvailableZoneIds()) {
      if (new Bucketing.Local(Granularity.DAILY, zone, FROM, TO).hourAligned()) {
        aligned++;
        // weeks and months start at the start of a day: no split day, no split week or month
        assertThat(javaSplitHours(ZoneId.of(zone), Granularity.DAILY)).as(zone).isEmpty();
      }
    }
    assertThat(aligned).isGreaterThan(100);
  }

  @Test
  void hoursFromAHalfHour_everyHourSplit() {
    Instant origin = Instant.parse("2025-03-01T18:30:00Z");
    Bucketing b = new Bucketing.Hours(origin, origin.plus(10, ChronoUnit.DAYS));
    assertThat(b.hourAligned()).isFalse();
    assertThat(b.someHoursWhole()).isFalse();
    Bucketing aligned = new Bucketing.Hours(Instant.parse("2025-03-01T18:00:00Z"), TO);
    assertThat(aligned.hourAligned()).isTrue();
    assertThat(splitHours(aligned)).isEmpty();
  }

  /** The hours of [FROM, TO) for which PostgreSQL evaluates {@link Bucketing#splitsHour} true. */
  private List<Instant> splitHours(Bucketing b) {
    Sql sql =
        Sql.of("select g from generate_series(")
            .instant(FROM)
            .add(", ")
            .instant(TO)
            .add(" - interval '1 hour', interval '1 hour') g where ")
            .add(b.splitsHour("g"))
            .add(" order by g");
    List<Instant> out = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getTimestamp(1).toInstant());
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static List<Instant> javaSplitHours(ZoneId zone, Granularity g) {
    List<Instant> out = new ArrayList<>();
    for (Instant h = FROM; h.isBefore(TO); h = h.plus(1, ChronoUnit.HOURS)) {
      ZonedDateTime first = h.atZone(zone);
      ZonedDateTime last = h.plus(1, ChronoUnit.HOURS).minus(1, ChronoUnit.MICROS).atZone(zone);
      if (!bucket(first.toLocalDate(), g).equals(bucket(last.toLocalDate(), g))
          || !first.getOffset().equals(last.getOffset())) {
        out.add(h);
      }
    }
    return out;
  }

  private static LocalDate bucket(LocalDate d, Granularity g) {
    return switch (g) {
      case WEEKLY -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> d.withDayOfMonth(1);
      default -> d;
    };
  }
}
