package dev.selene.server.analytics;

import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background worker keeping the analytics rollups current. Every {@code interval} it
 * re-aggregates the closed hours that changed; the current hour (which, under steady ingestion,
 * changes all the time and would be re-aggregated in full on every pass) less often, and later
 * still while ingestion is saturated ({@link OpenHourPacing}). Reads are exact meanwhile: hours not
 * yet re-aggregated are read from the raw runs.
 *
 * <p>Every Selene process runs this worker; a pass only happens in the one process that gets the
 * PostgreSQL advisory lock, so replicas never aggregate the same hours twice.
 */
public final class Rollups implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rollups.class);

  private final RollupRefresh refresh;
  private final long intervalMillis;
  private final BooleanSupplier ingestSaturated;
  private final ScheduledExecutorService scheduler;
  private final OpenHourPacing openHour;

  Rollups(DataSource db, long intervalMillis, BooleanSupplier ingestSaturated) {
    this.refresh = new RollupRefresh(db);
    this.intervalMillis = intervalMillis;
    this.ingestSaturated = ingestSaturated;
    this.openHour = new OpenHourPacing(intervalMillis);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "selene-rollups");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    scheduler.scheduleWithFixedDelay(
        this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Brings the rollups of {@code project} up to date with every run change committed before this
   * call, then returns. For tests and benchmarks that want to read rollups, not raw runs.
   */
  public static void catchUp(DataSource db, UUID project) {
    try {
      new RollupRefresh(db).catchUp(project);
    } catch (SQLException e) {
      throw new IllegalStateException("rollup catch-up failed", e);
    }
  }

  /** As {@link #catchUp(DataSource, UUID)}, for every project. */
  public static void catchUpAll(DataSource db) {
    catchUp(db, null);
  }

  private void tick() {
    try {
      long now = System.currentTimeMillis();
      // Asked on every tick, so that the answer is about the last few seconds.
      boolean open = openHour.due(now, ingestSaturated.getAsBoolean());
      int claimed;
      do {
        long started = System.nanoTime();
        claimed = refresh.tryPass(open);
        if (open && claimed >= 0) {
          openHour.passed(now, (System.nanoTime() - started) / 1_000_000);
          open = false;
        }
      } while (claimed == RollupRefresh.MAX_CLAIMED && !scheduler.isShutdown());
    } catch (SQLException | RuntimeException e) {
      log.warn("Rollup pass failed, retrying in {} ms: {}", intervalMillis, e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
