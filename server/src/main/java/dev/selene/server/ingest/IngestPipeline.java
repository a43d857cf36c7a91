package dev.selene.server.ingest;

import dev.selene.server.config.SeleneConfig.IngestConfig;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: requests put their validated events on a bounded queue and wait; one writer thread
 * drains everything that is waiting (up to a batch size, lingering a few milliseconds for more) and
 * writes it in one transaction, then completes every waiting request. An acknowledgement therefore
 * means "durably stored", and throughput comes from sharing each commit between many requests. A
 * full queue is refused at once (HTTP 429), never dropped silently; {@link #close()} drains the
 * queue before returning.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

  private record Submission(List<RunEvent> events, CompletableFuture<List<EventResult>> done) {}

  private final BatchWriter writer;
  private final IngestConfig config;
  private final Semaphore capacity;
  private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  /**
   * Completing a request's future runs its continuation (building and writing the HTTP response);
   * on the writer thread that would delay the next commit, so acknowledgements are handed off.
   */
  private final ExecutorService acknowledgements =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "selene-ingest-ack");
            t.setDaemon(true);
            return t;
          });

  private volatile boolean accepting = true;

  IngestPipeline(BatchWriter writer, IngestConfig config) {
    this.writer = writer;
    this.config = config;
    this.capacity = new Semaphore(config.queueCapacity());
    this.thread = new Thread(this::loop, "selene-ingest-writer");
    this.thread.start();
  }

  /**
   * Queues events for the next commit. The future completes with one result per event, in order,
   * once they are committed (or failed).
   *
   * @throws QueueFullException when the queue is full or the server is shutting down
   */
  public CompletableFuture<List<EventResult>> submit(List<RunEvent> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (!accepting) {
      throw new QueueFullException("Server is shutting down");
    }
    if (!capacity.tryAcquire(events.size())) {
      throw new QueueFullException("Ingest queue is full");
    }
    Submission s = new Submission(events, new CompletableFuture<>());
    queue.add(s);
    return s.done();
  }

  private void loop() {
    while (accepting || !queue.isEmpty()) {
      try {
        Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          writeBatch(collect(first));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("Ingest writer loop error", e);
      }
    }
  }

  private List<Submission> collect(Submission first) throws InterruptedException {
    List<Submission> batch = new ArrayList<>();
    batch.add(first);
    int events = first.events().size();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.lingerMillis());
    while (events < config.maxBatchEvents()) {
      Submission next = queue.poll();
      if (next == null) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0 || !accepting) {
          break;
        }
        next = queue.poll(wait, TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
      }
      batch.add(next);
      events += next.events().size();
    }
    return batch;
  }

  private void writeBatch(List<Submission> batch) {
    List<RunEvent> all = new ArrayList<>();
    batch.forEach(s -> all.addAll(s.events()));
    try {
      writer.write(all);
      batch.forEach(s -> complete(s, Collections.nCopies(s.events().size(), EventResult.OK)));
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        complete(batch.get(0), writeOneByOne(batch.get(0).events(), e));
      } else {
        // Isolate the request that broke the batch; the others still commit.
        batch.forEach(s -> writeBatch(List.of(s)));
      }
    }
  }

  private List<EventResult> writeOneByOne(List<RunEvent> events, Exception batchError) {
    if (events.size() == 1) {
      log.warn("Event could not be stored ({})", logSafe(batchError));
      return List.of(EventResult.failed("Could not be stored: " + describe(batchError)));
    }
    List<EventResult> results = new ArrayList<>(events.size());
    for (RunEvent e : events) {
      try {
        writer.write(List.of(e));
        results.add(EventResult.OK);
      } catch (SQLException | RuntimeException single) {
        log.warn("Event could not be stored ({})", logSafe(single));
        results.add(EventResult.failed("Could not be stored: " + describe(single)));
      }
    }
    return results;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }

  /**
   * Database messages can quote stored values (prompts); logs get the error class and state only.
   */
  private static String logSafe(Exception e) {
    return e instanceof SQLException sql
        ? "SQLState " + sql.getSQLState()
        : e.getClass().getSimpleName();
  }

  private void complete(Submission s, List<EventResult> results) {
    capacity.release(s.events().size());
    acknowledgements.execute(() -> s.done().complete(results));
  }

  /** Stops taking events, writes everything already queued, then returns. */
  @Override
  public void close() {
    accepting = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(60));
      acknowledgements.shutdown();
      acknowledgements.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Ingest queue drained");
  }
}
