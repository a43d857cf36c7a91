package dev.selene.server.analytics;

import java.util.List;

/**
 * Percentiles from a latency histogram. Runs are grouped in log-scale bins (16 per doubling, see
 * {@code selene_latency_bin} in V8__rollups.sql) with their count and exact sum, so a bin's value
 * is the exact mean of its runs: a bucket whose runs all took 1.2 s reports exactly 1.2 s, and in
 * general a percentile is within the width of one bin (4.5%) of the exact one. Ranks are
 * interpolated as {@code percentile_cont} does.
 */
final class Percentiles {
  static final double[] QUANTILES = {0.50, 0.75, 0.90, 0.95, 0.99};
  static final String[] NAMES = {"p50", "p75", "p90", "p95", "p99"};

  /** One histogram bin: how many runs, and their total duration in microseconds. */
  record Bin(long count, double sumMicros) {
    double meanMicros() {
      return sumMicros / count;
    }
  }

  private Percentiles() {}

  /** The value in seconds at quantile {@code q} of the bins (sorted by bin); 0 when empty. */
  static double seconds(List<Bin> bins, double q) {
    long total = 0;
    for (Bin b : bins) {
      total += b.count();
    }
    if (total == 0) {
      return 0;
    }
    double position = q * (total - 1);
    long lower = (long) Math.floor(position);
    double fraction = position - lower;
    double low = valueAtRank(bins, lower);
    double high = fraction == 0 ? low : valueAtRank(bins, lower + 1);
    // durations are stored to the microsecond: say no more than that
    return Math.round(low + fraction * (high - low)) / 1_000_000d;
  }

  private static double valueAtRank(List<Bin> bins, long rank) {
    long seen = 0;
    for (Bin b : bins) {
      seen += b.count();
      if (rank < seen) {
        return b.meanMicros();
      }
    }
    return bins.get(bins.size() - 1).meanMicros();
  }
}
