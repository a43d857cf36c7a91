package dev.selene.server.analytics;

import java.util.Locale;

/** The size of a time-series bucket, in the request's time zone. */
enum Granularity {
  HOURLY("hour"),
  DAILY("day"),
  WEEKLY("week"),
  MONTHLY("month");

  /** The PostgreSQL {@code date_trunc} field and interval unit. */
  final String unit;

  Granularity(String unit) {
    this.unit = unit;
  }

  static Granularity parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
