package dev.selene.server.otlp;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.ingest.IngestPipeline;
import io.javalin.config.RoutesConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry ingestion: OTLP/HTTP at the paths exporters use ({@code /v1/traces} for a base URL
 * of the server, {@code /v1/otel/v1/traces} for Lunary's documented {@code /v1/otel} endpoint,
 * {@code /api/otel/v1/traces} for LangWatch SDKs) and OTLP/gRPC on its own port.
 */
public final class OtlpFeature implements Feature, AutoCloseable {
  private static final String[] PREFIXES = {"", "/v1/otel", "/api/otel"};

  private final ExecutorService afterCommit;
  private final SpanIngest spans;
  private final OtlpHttpHandler http;
  private final OtlpGrpcServer grpc;

  public OtlpFeature(Services services, IngestPipeline pipeline, SpanIngest.RootListener roots) {
    this.afterCommit =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "selene-otlp-after-commit");
              t.setDaemon(true);
              return t;
            });
    this.spans = new SpanIngest(pipeline, roots, afterCommit);
    LogIngest logs = new LogIngest(pipeline);
    long maxBody = services.config().ingest().maxBodyBytes();
    this.http = new OtlpHttpHandler(services.json(), maxBody, spans, logs);
    int grpcPort = services.config().otlpGrpcPort();
    this.grpc =
        grpcPort == 0
            ? null
            : new OtlpGrpcServer(
                grpcPort,
                (int) Math.min(Integer.MAX_VALUE, maxBody),
                new ApiKeyStore(services.db()),
                spans,
                logs);
  }

  /** The OTLP/gRPC port, or 0 when gRPC is disabled. */
  public int grpcPort() {
    return grpc == null ? 0 : grpc.port();
  }

  /** The span service, shared with LangWatch's collector. */
  public SpanIngest spans() {
    return spans;
  }

  @Override
  public void routes(RoutesConfig routes) {
    for (String prefix : PREFIXES) {
      routes.post(prefix + "/v1/traces", http::traces);
      routes.post(prefix + "/v1/logs", http::logs);
      routes.post(prefix + "/v1/metrics", http::metrics);
    }
  }

  /**
   * Stops the gRPC receiver (in-flight calls finish); to be closed before the ingest pipeline so
   * that no call arrives while it drains.
   */
  public AutoCloseable receivers() {
    return () -> {
      if (grpc != null) {
        grpc.close();
      }
    };
  }

  /** Stops the after-commit work; to be closed after the pipeline has drained. */
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
