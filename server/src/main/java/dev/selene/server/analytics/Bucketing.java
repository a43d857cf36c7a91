package dev.selene.server.analytics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * How run times map to time-series buckets, and the series of buckets itself (generated in SQL, so
 * empty buckets appear with zero values).
 *
 * <p>Days, weeks (starting Monday) and months are local calendar units in the request's zone: the
 * series walks local wall-clock timestamps and each bucket's date is the instant its local day,
 * week or month starts, so a daily bucket is 23 or 25 hours long across a daylight-saving change.
 * Hours are real hours aligned to the zone's local hours: the repeated hour of a fall-back change
 * is two buckets and the skipped hour of a spring-forward change is none.
 */
sealed interface Bucketing {
  /** The bucket key of a timestamptz expression (same type as the series' key column). */
  Sql key(String timestamp);

  /** A query with columns {@code key} and {@code label} (timestamptz), one row per bucket. */
  Sql dates();

  /**
   * Whether every UTC hour lies inside one bucket, so hourly rollups can be summed into them all
   * (the fast path: no hour has to be checked).
   */
  boolean hourAligned();

  /**
   * Whether some UTC hours can lie inside one bucket when the buckets are not {@link
   * #hourAligned()}: if not, every hour is split and rollups are of no use.
   */
  boolean someHoursWhole();

  /**
   * A condition true when the UTC hour starting at {@code hour} (a timestamptz expression) is not
   * wholly inside one bucket, so its runs must be read raw. Computed by PostgreSQL with the same
   * expression as the bucket keys, so it agrees with them whatever the zone rules.
   */
  Sql splitsHour(String hour);

  /** The last representable instant of the UTC hour starting at {@code hour}. */
  private static String lastInstantOf(String hour) {
    return "(" + hour + " + interval '1 hour' - interval '1 microsecond')";
  }

  static Bucketing of(SeriesRequest r) {
    if (r.granularity() == Granularity.HOURLY) {
      return new Hours(localHourStart(r.start(), r.zone()), r.end());
    }
    return new Local(r.granularity(), r.zone(), r.start(), r.end());
  }

  private static Instant localHourStart(Instant start, String zone) {
    try {
      return start.atZone(ZoneId.of(zone)).truncatedTo(ChronoUnit.HOURS).toInstant();
    } catch (DateTimeException unknownToJava) {
      return start.truncatedTo(ChronoUnit.HOURS);
    }
  }

  /** Absolute hours starting at {@code origin} (the start of the local hour holding startDate). */
  record Hours(Instant origin, Instant end) implements Bucketing {
    @Override
    public Sql key(String timestamp) {
      return Sql.of("date_bin('1 hour', " + timestamp + ", ").instant(origin).add(")");
    }

    @Override
    public Sql dates() {
      return Sql.of("select g as key, g as label from generate_series(")
          .instant(origin)
          .add(", ")
          .instant(end)
          .add(" - interval '1 microsecond', interval '1 hour') g where g <= now()");
    }

    @Override
    public boolean hourAligned() {
      return origin.truncatedTo(ChronoUnit.HOURS).equals(origin);
    }

    /** Buckets are one hour long: unless they start on UTC hours, each UTC hour is split. */
    @Override
    public boolean someHoursWhole() {
      return hourAligned();
    }

    /** Keys are monotonic in time (date_bin), so equal keys at both ends mean one bucket. */
    @Override
    public Sql splitsHour(String hour) {
      return Sql.of("(").add(key(hour)).add(" <> ").add(key(lastInstantOf(hour))).add(")");
    }
  }

  /** Local days, weeks or months of {@code zone}. */
  record Local(Granularity granularity, String zone, Instant start, Instant end)
      implements Bucketing {
    @Override
    public Sql key(String timestamp) {
      return Sql.of("date_trunc('" + granularity.unit + "', " + timestamp + " at time zone ")
          .param(zone)
          .add(")");
    }

    @Override
    public Sql dates() {
      Sql label = Sql.of("(w at time zone ").param(zone).add(")");
      return Sql.of("select w as key, ")
          .add(label)
          .add(" as label from generate_series(date_trunc('" + granularity.unit + "', ")
          .instant(start)
          .add(" at time zone ")
          .param(zone)
          .add("), ")
          .instant(end)
          .add(" at time zone ")
          .param(zone)
          .add(", interval '1 " + granularity.unit + "') w where ")
          .add(Sql.of("(w at time zone ").param(zone).add(")"))
          .add(" < ")
          .instant(end)
          .add(" and ")
          .add(Sql.of("(w at time zone ").param(zone).add(")"))
          .add(" <= now()");
    }

    @Override
    public boolean hourAligned() {
      return TimeZones.hourAligned(zone, start, end);
    }

    /** A local day, week or month is longer than an hour: most UTC hours lie inside one. */
    @Override
    public boolean someHoursWhole() {
      return true;
    }

    /**
     * The key differs at the hour's first and last instant, or the zone's offset changes inside the
     * hour. Without an offset change local time moves with UTC time, so the key (a truncation of
     * local time) cannot change and come back within the hour and equal keys at both ends mean one
     * bucket. Across an offset change local time may jump back (a fall-back change): such an hour
     * is read raw whatever its keys, which costs a couple of hours a year and needs no reasoning
     * about where a zone sets its clocks back.
     */
    @Override
    public Sql splitsHour(String hour) {
      String last = lastInstantOf(hour);
      return Sql.of("(")
          .add(key(hour))
          .add(" <> ")
          .add(key(last))
          .add(" or (" + last + " at time zone ")
          .param(zone)
          .add(") - (" + hour + " at time zone ")
          .param(zone)
          .add(") <> interval '1 hour' - interval '1 microsecond')");
    }
  }
}
