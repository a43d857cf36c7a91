package dev.selene.server.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands queued submissions to the ingest writers so that batches written at the same time never
 * touch the same run: a submission naming a run (or parent) that a batch in flight touches waits
 * for that batch's commit. Concurrent transactions on disjoint runs neither wait on each other's
 * row locks nor deadlock over them, and each run's events still merge in one transaction at a time.
 * An exclusive submission (chat messages) is taken only when no batch is in flight, and nothing
 * queued after it overtakes it, so it cannot starve.
 */
final class BatchScheduler {
  /** A claimed batch: its submissions, the runs they touch, and whether it runs alone. */
  record Claim(List<Submission> submissions, Set<RunKey> runs, boolean exclusive) {
    int events() {
      return submissions.stream().mapToInt(s -> s.events().size()).sum();
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Submission> waiting = new ArrayDeque<>();
  private final Set<RunKey> runsInFlight = new HashSet<>();
  private int batchesInFlight;
  private boolean exclusiveInFlight;
  private boolean closed;

  /** How long writers have waited for work, in all. */
  private final AtomicLong idleNanos = new AtomicLong();

  /** Queues the submission; false once closed (the writers may have stopped). */
  boolean add(Submission s) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      waiting.add(s);
      changed.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until some queued work may be written, claims up to {@code maxEvents} events of it
   * (lingering up to {@code lingerNanos} for more when the batch is not full), and returns it.
   * Returns {@code null} once {@link #close() closed} and every submission has been claimed.
   */
  Claim claim(int maxEvents, long lingerNanos) throws InterruptedException {
    lock.lock();
    try {
      Batch batch = new Batch();
      while (batch.taken.isEmpty()) {
        if (closed && waiting.isEmpty()) {
          return null;
        }
        takeEligible(batch, maxEvents);
        if (batch.taken.isEmpty()) {
          long idleSince = System.nanoTime();
          changed.await(100, TimeUnit.MILLISECONDS);
          idleNanos.addAndGet(System.nanoTime() - idleSince);
        }
      }
      // In flight from here on: while this writer lingers, the others must not take its runs.
      batchesInFlight++;
      runsInFlight.addAll(batch.runs);
      exclusiveInFlight |= batch.exclusive;
      long deadline = System.nanoTime() + lingerNanos;
      for (long wait = lingerNanos; batch.events < maxEvents && wait > 0 && !closed; ) {
        changed.await(wait, TimeUnit.NANOSECONDS);
        takeEligible(batch, maxEvents);
        runsInFlight.addAll(batch.runs);
        exclusiveInFlight |= batch.exclusive;
        wait = deadline - System.nanoTime();
      }
      return new Claim(batch.taken, batch.runs, batch.exclusive);
    } finally {
      lock.unlock();
    }
  }

  /** The batch a writer is claiming. */
  private static final class Batch {
    final List<Submission> taken = new ArrayList<>();
    final Set<RunKey> runs = new HashSet<>();
    boolean exclusive;
    int events;
  }

  /** Moves eligible submissions, in queue order, into the batch being claimed. */
  private void takeEligible(Batch batch, int maxEvents) {
    // Batches in flight other than this one (which counts itself once it has taken something).
    int others = batchesInFlight - (batch.taken.isEmpty() ? 0 : 1);
    if (exclusiveInFlight && !batch.exclusive) {
      return;
    }
    for (Iterator<Submission> it = waiting.iterator(); it.hasNext() && batch.events < maxEvents; ) {
      Submission s = it.next();
      if (s.exclusive()) {
        if (others > 0) {
          break;
        }
        batch.exclusive = true;
      } else if (touchesOthers(s, batch.runs)) {
        continue;
      }
      it.remove();
      batch.taken.add(s);
      batch.runs.addAll(s.runs());
      batch.events += s.events().size();
    }
  }

  /** Whether the submission names a run that another batch in flight touches. */
  private boolean touchesOthers(Submission s, Set<RunKey> own) {
    for (RunKey run : s.runs()) {
      if (runsInFlight.contains(run) && !own.contains(run)) {
        return true;
      }
    }
    return false;
  }

  /** How long writers have waited for work since the start, summed over writers. */
  long idleNanos() {
    return idleNanos.get();
  }

  /** The batch is committed (or failed): its runs are free for the next batches. */
  void release(Claim claim) {
    lock.lock();
    try {
      runsInFlight.removeAll(claim.runs());
      batchesInFlight--;
      if (claim.exclusive()) {
        exclusiveInFlight = false;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** No more submissions will be added; writers finish what is queued, then stop. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
