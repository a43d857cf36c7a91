package dev.selene.server.analytics;

import java.time.Instant;

/** A time-series question: runs created in [start, end), bucketed in a time zone, filtered. */
record SeriesRequest(
    Instant start, Instant end, String zone, Granularity granularity, AnalyticsFilter filter) {

  Range range() {
    return new Range(start, end);
  }
}
