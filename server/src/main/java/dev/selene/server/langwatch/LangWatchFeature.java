package dev.selene.server.langwatch;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.otlp.SpanIngest;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * LangWatch-compatible ingestion: tracked events ({@code /api/track_event}, {@code
 * /api/events/track}) and the REST trace collector ({@code /api/collector}). LangWatch SDKs' OTLP
 * traces arrive at {@code /api/otel/v1/traces}, served by the OTLP feature.
 */
public final class LangWatchFeature implements Feature, AutoCloseable {
  private final ExecutorService afterCommit;
  private final TrackEventHandler trackEvents;
  private final CollectorHandler collector;

  public LangWatchFeature(
      Services services, IngestPipeline pipeline, TraceEvents traces, SpanIngest spans) {
    this.afterCommit =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "selene-langwatch-after-commit");
              t.setDaemon(true);
              return t;
            });
    long maxBody = services.config().ingest().maxBodyBytes();
    this.trackEvents =
        new TrackEventHandler(
            services.json(), maxBody, pipeline, traces, afterCommit, Clock.systemUTC());
    this.collector =
        new CollectorHandler(
            services.json(),
            maxBody,
            spans,
            new CollectorEvaluations(services.db()),
            traces,
            afterCommit);
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.post("/api/track_event", trackEvents::track);
    routes.post("/api/events/track", trackEvents::track);
    routes.post("/api/collector", collector::collect);
  }

  @Override
  public void close() {
    afterCommit.shutdown();
    try {
      afterCommit.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
