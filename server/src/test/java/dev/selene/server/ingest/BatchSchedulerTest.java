package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.ingest.BatchScheduler.Claim;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What keeps concurrent ingest writers correct: batches in flight never share a run, chat batches
 * are written alone, and nothing queued is left behind at shutdown.
 */
class BatchSchedulerTest {
  private static final UUID PROJECT = UUID.randomUUID();
  private static final int MAX = 1_000;

  private final BatchScheduler scheduler = new BatchScheduler();

  private static Submission events(String event, UUID runId, UUID parentRunId) {
    return Submission.of(
        List.of(
            new RunEvent(
                PROJECT,
                event,
                "llm",
                runId,
                parentRunId,
                Instant.EPOCH,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null)));
  }

  private CompletableFuture<Claim> claimElsewhere() {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return scheduler.claim(MAX, 0);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static void assertStillWaiting(CompletableFuture<Claim> claim) throws Exception {
    Thread.sleep(250);
    assertThat(claim).isNotDone();
  }

  @Test
  void aSubmissionTouchingARunInFlight_waitsForItsCommit_whileOtherRunsGoAhead() throws Exception {
    UUID shared = UUID.randomUUID();
    Submission start = events("start", shared, null);
    Submission end = events("end", shared, null);
    Submission child = events("start", UUID.randomUUID(), shared);
    Submission other = events("start", UUID.randomUUID(), null);
    scheduler.add(start);
    Claim first = scheduler.claim(MAX, 0);
    assertThat(first.submissions()).containsExactly(start);

    scheduler.add(end);
    scheduler.add(child);
    scheduler.add(other);
    Claim second = scheduler.claim(MAX, 0);
    assertThat(second.submissions()).as("only the unrelated run").containsExactly(other);
    CompletableFuture<Claim> third = claimElsewhere();
    assertStillWaiting(third);

    scheduler.release(first);
    assertThat(third.get(5, TimeUnit.SECONDS).submissions())
        .as("the run's end and its child's start, in one batch, once the start is committed")
        .containsExactly(end, child);
  }

  @Test
  void submissionsOfTheSameRun_queuedTogether_areWrittenInOneBatch() throws Exception {
    UUID run = UUID.randomUUID();
    Submission start = events("start", run, null);
    Submission end = events("end", run, null);
    scheduler.add(start);
    scheduler.add(end);
    assertThat(scheduler.claim(MAX, 0).submissions()).containsExactly(start, end);
  }

  @Test
  void chatMessages_areWrittenWithNoOtherBatchInFlight_andAreNotOvertaken() throws Exception {
    Submission before = events("start", UUID.randomUUID(), null);
    Submission chat = events("chat", UUID.randomUUID(), UUID.randomUUID());
    Submission after = events("start", UUID.randomUUID(), null);
    scheduler.add(before);
    Claim first = scheduler.claim(MAX, 0);
    scheduler.add(chat);
    scheduler.add(after);

    CompletableFuture<Claim> second = claimElsewhere();
    assertStillWaiting(second);
    scheduler.release(first);
    Claim alone = second.get(5, TimeUnit.SECONDS);
    assertThat(alone.submissions()).containsExactly(chat, after);
    assertThat(alone.exclusive()).isTrue();

    scheduler.add(events("start", UUID.randomUUID(), null));
    CompletableFuture<Claim> third = claimElsewhere();
    assertStillWaiting(third);
    scheduler.release(alone);
    assertThat(third.get(5, TimeUnit.SECONDS).submissions()).hasSize(1);
  }

  @Test
  void afterClose_queuedWorkIsStillHandedOut_thenWritersAreToldToStop() throws Exception {
    Submission queued = events("start", UUID.randomUUID(), null);
    scheduler.add(queued);
    scheduler.close();
    assertThat(scheduler.add(events("start", UUID.randomUUID(), null)))
        .as("refused once closed")
        .isFalse();
    Claim last = scheduler.claim(MAX, 0);
    assertThat(last.submissions()).containsExactly(queued);
    scheduler.release(last);
    assertThat(scheduler.claim(MAX, 0)).isNull();
  }

  @Test
  void aWriterWaitingForWork_countsAsIdle_aWriterGivenWorkAtOnceDoesNot() throws Exception {
    scheduler.add(events("start", UUID.randomUUID(), null));
    scheduler.release(scheduler.claim(MAX, 0));
    assertThat(scheduler.idleNanos()).as("work was waiting").isZero();

    CompletableFuture<Claim> waiting = claimElsewhere();
    assertStillWaiting(waiting);
    scheduler.add(events("start", UUID.randomUUID(), null));
    waiting.get(5, TimeUnit.SECONDS);
    assertThat(scheduler.idleNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }
}
