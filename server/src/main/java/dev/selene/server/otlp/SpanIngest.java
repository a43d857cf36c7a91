package dev.selene.server.otlp;

import dev.selene.server.ingest.EventResult;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.ingest.RunEvent;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.otlp.OtelSpan.Decoded;
import dev.selene.server.otlp.SpanMapper.MappedSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service every span receiver uses (OTLP HTTP and gRPC, LangWatch's collector): maps each
 * decoded span to run events, submits them all to the ingest pipeline in one go, and reports per
 * span what was stored once the commit is done. A span that cannot be used is rejected alone.
 */
public final class SpanIngest {
  private static final Logger log = LoggerFactory.getLogger(SpanIngest.class);

  /** How span ids become run ids. */
  public interface IdScheme {
    UUID runId(OtelSpan span);

    UUID parentRunId(OtelSpan span);
  }

  /**
   * OTLP: Lunary's rule, the span id's hex normalised by {@link RunIds} (so runs written by either
   * server get the same ids). Span ids are random 64-bit values, unique enough on their own.
   */
  public static final IdScheme OTLP =
      new IdScheme() {
        @Override
        public UUID runId(OtelSpan span) {
          return RunIds.normalize(span.spanId());
        }

        @Override
        public UUID parentRunId(OtelSpan span) {
          return RunIds.normalize(span.parentSpanId());
        }
      };

  /** Collector span ids are the client's own strings ("s_root"): scoped by their trace. */
  public static final IdScheme PER_TRACE =
      new IdScheme() {
        @Override
        public UUID runId(OtelSpan span) {
          return RunIds.fromSeed(span.traceId() + "/" + span.spanId());
        }

        @Override
        public UUID parentRunId(OtelSpan span) {
          return span.parentSpanId() == null
              ? null
              : RunIds.fromSeed(span.traceId() + "/" + span.parentSpanId());
        }
      };

  /** Told, after each commit, which trace roots were just stored (LangWatch events join them). */
  public interface RootListener {
    CompletableFuture<Void> rootsStored(UUID projectId, Map<String, UUID> rootRunByTraceId);
  }

  /** What happened to the spans of one request. */
  public record Outcome(int accepted, int rejected, List<String> problems) {
    /** OTLP's {@code partial_success.error_message}: the first few reasons. */
    public String errorMessage() {
      if (problems.isEmpty()) {
        return "";
      }
      List<String> shown = problems.subList(0, Math.min(10, problems.size()));
      String more = problems.size() > shown.size() ? "; …" : "";
      return rejected + " span(s) rejected: " + String.join("; ", shown) + more;
    }
  }

  private final IngestPipeline pipeline;
  private final RootListener roots;
  private final Executor afterCommit;

  public SpanIngest(IngestPipeline pipeline, RootListener roots, Executor afterCommit) {
    this.pipeline = pipeline;
    this.roots = roots;
    this.afterCommit = afterCommit;
  }

  /**
   * Maps and queues the spans; the future completes after the commit.
   *
   * @throws dev.selene.server.ingest.QueueFullException when the ingest queue is full
   */
  public CompletableFuture<Outcome> submit(
      UUID projectId, List<Decoded> decoded, IdScheme ids, String runtime) {
    List<String> problems = new ArrayList<>();
    List<RunEvent> events = new ArrayList<>(decoded.size() * 2);
    List<int[]> spanRanges = new ArrayList<>(decoded.size());
    List<OtelSpan> accepted = new ArrayList<>(decoded.size());
    Map<String, UUID> rootRuns = new LinkedHashMap<>();
    int rejected = 0;
    for (Decoded d : decoded) {
      if (d.span() == null) {
        rejected++;
        problems.add(d.problem());
        continue;
      }
      OtelSpan span = d.span();
      try {
        MappedSpan mapped = SpanMapper.map(span);
        UUID runId = ids.runId(span);
        UUID parent = ids.parentRunId(span);
        List<RunEvent> spanEvents =
            new ArrayList<>(RunEvents.of(mapped, projectId, runId, parent, runtime));
        spanEvents.addAll(LangWatchSpanEvents.of(span, projectId, runId));
        spanRanges.add(new int[] {events.size(), events.size() + spanEvents.size()});
        events.addAll(spanEvents);
        accepted.add(span);
        if (parent == null) {
          rootRuns.put(span.traceId(), runId);
        }
      } catch (SpanMapper.UnusableSpanException e) {
        rejected++;
        problems.add(label(span) + ": " + e.getMessage());
      } catch (RuntimeException e) {
        // A span shape no rule anticipated must not fail its neighbours.
        log.warn("Span could not be mapped: {}", e.getClass().getName()); // never its content
        rejected++;
        problems.add(label(span) + ": could not be mapped (" + e.getClass().getSimpleName() + ")");
      }
    }
    int alreadyRejected = rejected;
    return pipeline
        .submit(events)
        .thenApply(
            results -> {
              int failed = 0;
              List<String> all = new ArrayList<>(problems);
              for (int i = 0; i < spanRanges.size(); i++) {
                int[] range = spanRanges.get(i);
                for (int j = range[0]; j < range[1]; j++) {
                  EventResult r = results.get(j);
                  if (!r.success()) {
                    failed++;
                    all.add(label(accepted.get(i)) + ": " + r.error());
                    break;
                  }
                }
              }
              return new Outcome(
                  accepted.size() - failed, alreadyRejected + failed, List.copyOf(all));
            })
        .thenCompose(
            outcome ->
                rootRuns.isEmpty() || roots == null
                    ? CompletableFuture.completedFuture(outcome)
                    // Joining reads the database: off the ingest writer's thread.
                    : CompletableFuture.supplyAsync(
                            () -> roots.rootsStored(projectId, rootRuns), afterCommit)
                        .thenCompose(f -> f)
                        .exceptionally(
                            e -> {
                              log.warn(
                                  "Joining events to new traces failed: {}",
                                  (e.getCause() == null ? e : e.getCause()).toString());
                              return null;
                            })
                        .thenApply(v -> outcome));
  }

  private static String label(OtelSpan span) {
    return "span " + span.spanId() + (span.name().isEmpty() ? "" : " '" + span.name() + "'");
  }
}
