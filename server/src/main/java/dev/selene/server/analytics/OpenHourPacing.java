package dev.selene.server.analytics;

/**
 * When the rollup worker re-aggregates the current hour. Under steady ingestion that hour changes
 * all the time and every pass reads all of its runs so far, so it is rewritten only every 30
 * intervals, or every ten times as long as its last pass took, whichever is longer. While ingestion
 * is saturated the pass waits, but never more than {@link #MAX_DEFERRAL_MILLIS} after the last one:
 * under full load it read millions of rows through the shared buffers, evicting the index pages the
 * ingest writers insert into, and halved ingestion for several seconds each time (bench/README.md,
 * "Session 16"). Readers stay exact meanwhile: hours not re-aggregated are read from the raw runs.
 */
final class OpenHourPacing {
  /** The longest the current hour's pass waits for saturated ingestion to catch up. */
  static final long MAX_DEFERRAL_MILLIS = 5 * 60_000;

  private final long minEveryMillis;
  private long everyMillis;
  private long lastPass = Long.MIN_VALUE / 2;

  OpenHourPacing(long intervalMillis) {
    this.minEveryMillis = 30 * intervalMillis;
    this.everyMillis = minEveryMillis;
  }

  /** Whether a pass started at {@code nowMillis} includes the current hour. */
  boolean due(long nowMillis, boolean ingestSaturated) {
    long since = nowMillis - lastPass;
    return since >= everyMillis && (since >= MAX_DEFERRAL_MILLIS || !ingestSaturated);
  }

  /** A pass including the current hour started at {@code startedMillis} and took this long. */
  void passed(long startedMillis, long tookMillis) {
    lastPass = startedMillis;
    everyMillis = Math.max(minEveryMillis, 10 * tookMillis);
  }
}
