package dev.selene.server.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The IANA time zones the database knows (buckets are computed by PostgreSQL, so its list is the
 * one that counts), read once, and whether a zone's local hours line up with UTC hours.
 */
final class TimeZones {
  private final DataSource db;
  private volatile Map<String, String> canonicalByLowerName;

  TimeZones(DataSource db) {
    this.db = db;
  }

  /** The database's spelling of {@code name} (matched case-insensitively), if it is a zone. */
  Optional<String> canonical(String name) {
    return Optional.ofNullable(names().get(name.toLowerCase(Locale.ROOT)));
  }

  private Map<String, String> names() {
    Map<String, String> names = canonicalByLowerName;
    if (names == null) {
      names = new HashMap<>();
      try (Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select name from pg_timezone_names")) {
        while (rs.next()) {
          String name = rs.getString(1);
          // posixrules and POSIX-style names are not IANA zones a dashboard would send
          if (!name.startsWith("posix")) {
            names.put(name.toLowerCase(Locale.ROOT), name);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not list the database's time zones", e);
      }
      canonicalByLowerName = names;
    }
    return names;
  }

  /**
   * True when every UTC offset {@code zone} uses between {@code from} and {@code to} is a whole
   * number of hours and changes on a whole UTC hour, so each UTC hour lies inside one local hour,
   * day, week and month and hourly rollups can be summed into local buckets without checking each
   * hour. Otherwise (or unknown to Java) false: the hours split between buckets are then found and
   * read raw (see {@link Bucketing#splitsHour}).
   */
  static boolean hourAligned(String zone, Instant from, Instant to) {
    ZoneRules rules;
    try {
      rules = ZoneId.of(zone).getRules();
    } catch (DateTimeException e) {
      return false;
    }
    if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
      return false;
    }
    ZoneOffsetTransition t = rules.nextTransition(from);
    while (t != null && t.getInstant().isBefore(to)) {
      if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0
          || t.getInstant().getEpochSecond() % 3600 != 0) {
        return false;
      }
      t = rules.nextTransition(t.getInstant());
    }
    return true;
  }
}
