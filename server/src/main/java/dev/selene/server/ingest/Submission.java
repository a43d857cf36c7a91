package dev.selene.server.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One request's validated events waiting for a commit, with what the {@link BatchScheduler} needs
 * to decide which writer may take it: the runs it touches (its own ids and the parents it names)
 * and whether it must be written with no other batch in flight.
 */
record Submission(
    List<RunEvent> events,
    Set<RunKey> runs,
    boolean exclusive,
    CompletableFuture<List<EventResult>> done) {

  /**
   * Chat messages re-derive their thread's chat runs from everything stored for the thread (read,
   * then rewritten), which is only right when no other transaction changes the thread meanwhile; so
   * a request carrying any is written alone.
   */
  static Submission of(List<RunEvent> events) {
    Set<RunKey> runs = new HashSet<>();
    boolean exclusive = false;
    for (RunEvent e : events) {
      if (e.runId() != null) {
        runs.add(new RunKey(e.projectId(), e.runId()));
      }
      if (e.parentRunId() != null) {
        runs.add(new RunKey(e.projectId(), e.parentRunId()));
      }
      exclusive |= "chat".equals(e.event());
    }
    return new Submission(events, runs, exclusive, new CompletableFuture<>());
  }
}
