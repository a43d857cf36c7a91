package dev.selene.server.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as the API writes them: {@code 2025-01-31T10:00:00.457Z}, always milliseconds. */
final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  static String read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime ts = rs.getObject(column, OffsetDateTime.class);
    return ts == null ? null : ISO_MILLIS.format(ts);
  }
}
