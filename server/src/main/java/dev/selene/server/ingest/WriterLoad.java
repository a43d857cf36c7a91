package dev.selene.server.ingest;

import java.util.concurrent.TimeUnit;

/**
 * Whether the ingest writers keep up: the share of time they waited for work, measured between
 * calls at least a second apart and smoothed over the last few such windows. Below a tenth, the
 * writers are saturated and requests queue behind one another.
 */
final class WriterLoad {
  private static final long MIN_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final double SATURATED_BELOW = 0.1;

  /** Weight of the newest window: about the last five seconds count at a call per second. */
  private static final double NEWEST = 0.3;

  private final int writers;
  private long windowStart;
  private long windowIdle;
  private double recentIdleShare = 1;

  WriterLoad(int writers, long nowNanos) {
    this.writers = writers;
    this.windowStart = nowNanos;
  }

  /**
   * @param nowNanos {@link System#nanoTime()}
   * @param idleNanos the writers' idle time since the start, summed over writers
   */
  synchronized boolean saturated(long nowNanos, long idleNanos) {
    long elapsed = nowNanos - windowStart;
    if (elapsed >= MIN_WINDOW_NANOS) {
      double idleShare = (idleNanos - windowIdle) / ((double) elapsed * writers);
      recentIdleShare = (1 - NEWEST) * recentIdleShare + NEWEST * Math.min(1, idleShare);
      windowStart = nowNanos;
      windowIdle = idleNanos;
    }
    return recentIdleShare < SATURATED_BELOW;
  }
}
