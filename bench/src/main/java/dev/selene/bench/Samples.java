package dev.selene.bench;

import java.util.Arrays;

/**
 * One load thread's requests: when each was sent and how long its acknowledgement took, in µs.
 * Grows as it fills: preallocating for the worst case (two arrays of millions of longs per thread)
 * made G1 run concurrent cycles, whose remark pauses of ~10 ms landed in the in-process server's
 * latencies.
 */
final class Samples {
  private long[] sentMicros = new long[4096];
  private long[] latencyMicros = new long[4096];
  private int size;

  void add(long sent, long latency) {
    if (size == sentMicros.length) {
      sentMicros = Arrays.copyOf(sentMicros, size * 2);
      latencyMicros = Arrays.copyOf(latencyMicros, size * 2);
    }
    sentMicros[size] = sent;
    latencyMicros[size++] = latency;
  }

  int size() {
    return size;
  }

  long sent(int i) {
    return sentMicros[i];
  }

  long latency(int i) {
    return latencyMicros[i];
  }
}
