package dev.selene.sdk;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends events to {@code POST {apiUrl}/v1/runs/ingest}: a bounded in-memory queue drained by one
 * background daemon thread in batches.
 *
 * <ul>
 *   <li>{@link #enqueue} never blocks and never throws: a full queue drops its oldest event, and
 *       the drop is counted.
 *   <li>Network errors, 408, 429 and 5xx answers are retried with exponential backoff and jitter
 *       (honouring {@code Retry-After}), up to {@link SeleneConfig#maxRetries()} times. The server
 *       is idempotent per event, so a resend is safe. Other 4xx answers (a wrong key…) are not
 *       retried: the batch is counted as failed.
 *   <li>{@link #flush} waits until what was queued before the call has been sent or given up.
 * </ul>
 */
final class Transport implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.selene.sdk");

  private final SeleneConfig config;
  private final HttpClient http;
  private final URI ingestUri;
  private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Thread sender;
  private final Object progress = new Object();

  private final AtomicLong enqueued = new AtomicLong();

  /** Events that left the queue for good: sent, dropped or given up. */
  private final AtomicLong completed = new AtomicLong();

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicBoolean dropWarned = new AtomicBoolean();

  /** Failure warnings are logged at most once per {@link #WARN_EVERY_NANOS}. */
  private long lastFailureWarning = Long.MIN_VALUE;

  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** The highest enqueue count a caller of {@link #flush} waits for. */
  private final AtomicLong flushTarget = new AtomicLong();

  private volatile boolean idle;
  private volatile boolean closing;
  private volatile long giveUpRetriesAtNanos = Long.MAX_VALUE;

  Transport(SeleneConfig config, HttpClient http) {
    this.config = config;
    this.http = http;
    this.ingestUri = URI.create(config.apiUrl() + "/v1/runs/ingest");
    this.sender = new Thread(this::run, "selene-sdk-sender");
    this.sender.setDaemon(true);
    this.sender.start();
  }

  /** Queues an event; called on the application's threads, so it must stay cheap. */
  void enqueue(Event event) {
    if (closing && !sender.isAlive()) {
      dropped.incrementAndGet();
      return;
    }
    queue.offer(event);
    enqueued.incrementAndGet();
    int n = size.incrementAndGet();
    if (n > config.queueCapacity()) {
      dropOldest();
    }
    if (idle && n >= config.maxBatchSize()) {
      LockSupport.unpark(sender);
    }
  }

  private void dropOldest() {
    if (queue.poll() != null) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      completed.incrementAndGet();
      if (dropWarned.compareAndSet(false, true)) {
        Errors.report(
            config,
            new SeleneException(
                "The event queue is full ("
                    + config.queueCapacity()
                    + " events): dropping the oldest events (reported once; see stats())"));
        LOG.log(
            Level.WARNING,
            "Selene SDK: the event queue is full ({0} events): dropping the oldest events. Is the"
                + " server at {1} reachable?",
            config.queueCapacity(),
            config.apiUrl());
      }
      // no signalProgress() here: the caller's thread must not take a lock; flush() polls
    }
  }

  /** Removes everything queued without sending it (opt-out). */
  void discardQueued() {
    Event e;
    while ((e = queue.poll()) != null) {
      size.decrementAndGet();
      completed.incrementAndGet();
    }
    signalProgress();
  }

  /**
   * Sends what is queued now and waits until it was sent or given up, at most {@code timeout}.
   *
   * @return whether everything queued before the call is done within the time limit
   */
  boolean flush(Duration timeout) {
    long target = enqueued.get();
    flushTarget.accumulateAndGet(target, Math::max);
    LockSupport.unpark(sender);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (completed.get() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !sender.isAlive()) {
          return completed.get() >= target;
        }
        try {
          // bounded slices: drops on overflow complete events without waking us
          TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, 50_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Flushes for at most {@code timeout}, then stops the sender thread. */
  boolean close(Duration timeout) {
    giveUpRetriesAtNanos = System.nanoTime() + timeout.toNanos();
    boolean done = flush(timeout);
    closing = true;
    LockSupport.unpark(sender);
    try {
      sender.join(Math.max(1, Math.min(timeout.toMillis(), 1_000)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return done;
  }

  @Override
  public void close() {
    close(config.shutdownTimeout());
  }

  SeleneStats stats() {
    return new SeleneStats(
        size.get(), sent.get(), dropped.get(), failed.get(), retries.get(), requests.get());
  }

  // ------------------------------------------------------------------ sender thread

  private void run() {
    long intervalNanos = config.flushInterval().toNanos();
    long lastSend = System.nanoTime();
    while (true) {
      int n = size.get();
      boolean flushWanted = completed.get() < flushTarget.get();
      boolean due = System.nanoTime() - lastSend >= intervalNanos;
      if (n == 0 && closing) {
        return;
      }
      if (n > 0 && (n >= config.maxBatchSize() || flushWanted || due || closing)) {
        List<Event> batch = drain();
        if (!batch.isEmpty()) {
          try {
            send(batch);
          } catch (Throwable t) { // the sender must survive anything
            failed.addAndGet(batch.size());
            LOG.log(Level.WARNING, "Selene SDK: could not send events: " + t);
            Errors.report(
                config,
                new SeleneException("Could not send " + batch.size() + " events: " + t, 0, t));
          }
          completed.addAndGet(batch.size());
          signalProgress();
        }
        lastSend = System.nanoTime();
        continue;
      }
      long wait = intervalNanos;
      if (n == 0) {
        lastSend = System.nanoTime(); // the interval counts from the first waiting event
      } else {
        wait = Math.max(1, intervalNanos - (System.nanoTime() - lastSend));
      }
      idle = true;
      if (size.get() < config.maxBatchSize() && completed.get() >= flushTarget.get()) {
        LockSupport.parkNanos(this, wait);
      }
      idle = false;
    }
  }

  private List<Event> drain() {
    int max = config.maxBatchSize();
    List<Event> batch = new ArrayList<>(Math.min(max, size.get()));
    Event e;
    while (batch.size() < max && (e = queue.poll()) != null) {
      size.decrementAndGet();
      batch.add(e);
    }
    return batch;
  }

  private void send(List<Event> batch) {
    String body = encode(batch);
    int attempt = 0;
    while (true) {
      Outcome outcome = post(body, batch.size());
      if (outcome.ok) {
        sent.addAndGet(batch.size());
        return;
      }
      if (!outcome.retryable) {
        failed.addAndGet(batch.size());
        warnFailure(
            "Selene SDK: the server refused {0} events ({1}); they are dropped",
            batch.size(), outcome.description);
        Errors.report(
            config,
            new SeleneException(
                "The server refused " + batch.size() + " events (" + outcome.description + ")",
                outcome.status,
                null));
        return;
      }
      attempt++;
      long waitNanos = backoffNanos(attempt, outcome.retryAfterNanos);
      if (attempt > config.maxRetries() || System.nanoTime() + waitNanos > giveUpRetriesAtNanos) {
        failed.addAndGet(batch.size());
        warnFailure(
            "Selene SDK: giving up on {0} events after {1} attempts ({2})",
            batch.size(), attempt, outcome.description);
        Errors.report(
            config,
            new SeleneException(
                "Gave up on "
                    + batch.size()
                    + " events after "
                    + attempt
                    + " attempts ("
                    + outcome.description
                    + ")",
                outcome.status,
                null));
        return;
      }
      retries.incrementAndGet();
      if (config.verbose()) {
        LOG.log(
            Level.INFO,
            "Selene SDK: {0}; resending {1} events in {2} ms",
            outcome.description,
            batch.size(),
            TimeUnit.NANOSECONDS.toMillis(waitNanos));
      }
      sleepNanos(waitNanos);
    }
  }

  /** Called on the sender thread only. */
  private void warnFailure(String format, Object... args) {
    long now = System.nanoTime();
    if (lastFailureWarning == Long.MIN_VALUE || now - lastFailureWarning > WARN_EVERY_NANOS) {
      lastFailureWarning = now;
      LOG.log(Level.WARNING, format + " (logged at most every 30 s; see Selene#stats())", args);
    }
  }

  /** Exponential backoff with jitter (half to full of the step), or the server's Retry-After. */
  private long backoffNanos(int attempt, long retryAfterNanos) {
    long base = config.initialBackoff().toNanos();
    long max = config.maxBackoff().toNanos();
    long step = attempt >= 62 ? max : Math.min(max, base << Math.min(attempt - 1, 30));
    long jittered = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    return Math.min(max, Math.max(jittered, retryAfterNanos));
  }

  private static void sleepNanos(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left;
    // parkNanos may return early (flush() unparks the sender): keep waiting out the backoff
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private String encode(List<Event> batch) {
    StringBuilder out = new StringBuilder(256 * batch.size());
    Json.Writer w = new Json.Writer(out, config.valueMapper());
    out.append("{\"events\":[");
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) out.append(',');
      batch.get(i).writeTo(w, config.runtime());
    }
    out.append("]}");
    return out.toString();
  }

  private Outcome post(String body, int events) {
    requests.incrementAndGet();
    HttpRequest request =
        HttpRequest.newBuilder(ingestUri)
            .timeout(config.requestTimeout())
            .header("Authorization", "Bearer " + config.key())
            .header("Content-Type", "application/json")
            .header("User-Agent", Selene.USER_AGENT)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (config.verbose()) {
        LOG.log(Level.INFO, "Selene SDK: sent {0} events, HTTP {1}", events, status);
      }
      if (status >= 200 && status < 300) {
        return Outcome.OK;
      }
      String description = "HTTP " + status + brief(response.body());
      boolean retryable = status == 408 || status == 429 || status >= 500;
      long retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .map(Transport::parseRetryAfterNanos)
              .orElse(0L);
      return new Outcome(false, retryable, retryAfter, description, status);
    } catch (IOException e) {
      return new Outcome(false, true, 0, "network error: " + e, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, false, 0, "interrupted", 0);
    }
  }

  private static String brief(String body) {
    if (body == null || body.isEmpty()) return "";
    String b = body.length() > 200 ? body.substring(0, 200) + "…" : body;
    return " " + b;
  }

  private static long parseRetryAfterNanos(String value) {
    try {
      return TimeUnit.SECONDS.toNanos(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: use our own backoff
    }
  }

  private void signalProgress() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private static final class Outcome {
    static final Outcome OK = new Outcome(true, false, 0, "ok", 200);

    final boolean ok;
    final boolean retryable;
    final long retryAfterNanos;
    final String description;

    /** The HTTP status, or 0 when no answer came. */
    final int status;

    Outcome(boolean ok, boolean retryable, long retryAfterNanos, String description, int status) {
      this.status = status;
      this.ok = ok;
      this.retryable = retryable;
      this.retryAfterNanos = retryAfterNanos;
      this.description = description;
    }
  }
}
