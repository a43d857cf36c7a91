package dev.selene.server.ingest;

import dev.selene.server.config.SeleneConfig.IngestConfig;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: requests put their validated events on a bounded queue and wait; writer threads
 * each take everything that is waiting (up to a batch size, lingering a few milliseconds for more)
 * and write it in one transaction, then complete every waiting request. An acknowledgement
 * therefore means "durably stored", and throughput comes from sharing each commit between many
 * requests. Several writers keep the database busy while one of them is encoding its batch or
 * waiting for its commit; the {@link BatchScheduler} keeps their batches on disjoint runs. A full
 * queue is refused at once (HTTP 429), never dropped silently; {@link #close()} drains the queue
 * before returning.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

  /** Deadlocks with other writers (on end users, say) are retried this often before giving up. */
  private static final int ATTEMPTS = 3;

  private final BatchWriter writer;
  private final IngestConfig config;
  private final Semaphore capacity;
  private final BatchScheduler scheduler = new BatchScheduler();
  private final WriterLoad load;
  private final List<Thread> threads = new ArrayList<>();

  /**
   * Completing a request's future runs its continuation (building and writing the HTTP response);
   * on a writer thread that would delay the next commit, so acknowledgements are handed off.
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
    this.load = new WriterLoad(config.writers(), System.nanoTime());
    for (int i = 0; i < config.writers(); i++) {
      Thread t = new Thread(this::loop, "selene-ingest-writer-" + i);
      threads.add(t);
      t.start();
    }
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
    Submission s = Submission.of(events);
    if (!scheduler.add(s)) {
      capacity.release(events.size());
      throw new QueueFullException("Server is shutting down");
    }
    return s.done();
  }

  private void loop() {
    long linger = TimeUnit.MILLISECONDS.toNanos(config.lingerMillis());
    while (true) {
      BatchScheduler.Claim claim;
      try {
        claim = scheduler.claim(config.maxBatchEvents(), linger);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (claim == null) {
        return;
      }
      try {
        writeBatch(claim.submissions());
      } catch (RuntimeException e) {
        log.error("Ingest writer loop error", e);
      } finally {
        scheduler.release(claim);
      }
    }
  }

  private void writeBatch(List<Submission> batch) {
    List<RunEvent> all = new ArrayList<>();
    batch.forEach(s -> all.addAll(s.events()));
    try {
      write(all);
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

  /** Writes the events in one transaction, again when it lost a deadlock to another writer. */
  private void write(List<RunEvent> events) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        writer.write(events);
        return;
      } catch (SQLException e) {
        if (attempt == ATTEMPTS || !"40P01".equals(e.getSQLState())) {
          throw e;
        }
        log.info("Ingest batch lost a deadlock with another writer; writing it again");
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
        write(List.of(e));
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

  /**
   * Whether ingestion is saturated: its writers have recently waited for work less than a tenth of
   * the time, so requests queue behind one another. Background work defers to it. Measured over the
   * time since the previous call (calls less than a second apart get the same answer) and smoothed
   * over the last few such windows; meant to be called about once a second.
   */
  public boolean saturated() {
    return load.saturated(System.nanoTime(), scheduler.idleNanos());
  }

  /** Stops taking events, writes everything already queued, then returns. */
  @Override
  public void close() {
    accepting = false;
    scheduler.close();
    try {
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(60));
      }
      acknowledgements.shutdown();
      acknowledgements.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Ingest queue drained");
  }
}
