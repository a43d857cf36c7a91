package dev.selene.sdk;

/** Counters of the SDK's transport, for monitoring the tracking itself. */
public final class SeleneStats {
  private final int queued;
  private final long sent;
  private final long dropped;
  private final long failed;
  private final long retries;
  private final long requests;

  SeleneStats(int queued, long sent, long dropped, long failed, long retries, long requests) {
    this.queued = queued;
    this.sent = sent;
    this.dropped = dropped;
    this.failed = failed;
    this.retries = retries;
    this.requests = requests;
  }

  /** Events waiting in memory now. */
  public int queued() {
    return queued;
  }

  /** Events the server accepted (answered 2xx for). */
  public long sent() {
    return sent;
  }

  /** Events dropped because the queue was full (the oldest go first). */
  public long dropped() {
    return dropped;
  }

  /** Events given up: refused by the server (4xx), or still failing after every retry. */
  public long failed() {
    return failed;
  }

  /** Resends after a network error, 408, 429 or 5xx. */
  public long retries() {
    return retries;
  }

  /** HTTP requests made to the ingestion endpoint, resends included. */
  public long requests() {
    return requests;
  }

  @Override
  public String toString() {
    return "SeleneStats{queued="
        + queued
        + ", sent="
        + sent
        + ", dropped="
        + dropped
        + ", failed="
        + failed
        + ", retries="
        + retries
        + ", requests="
        + requests
        + "}";
  }
}
