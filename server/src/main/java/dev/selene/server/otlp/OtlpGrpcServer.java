package dev.selene.server.otlp;

import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.auth.KeyKind;
import dev.selene.server.auth.Principal;
import dev.selene.server.ingest.QueueFullException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC for collectors and agents that only speak gRPC: the trace, logs and metrics services on
 * {@code SELENE_OTLP_GRPC_PORT}, authenticated with the same keys and headers as HTTP ({@code
 * authorization: Bearer}, {@code x-api-key}, {@code x-auth-token}).
 */
final class OtlpGrpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServer.class);
  private static final Context.Key<UUID> PROJECT = Context.key("selene-project");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTH_TOKEN =
      Metadata.Key.of("x-auth-token", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  OtlpGrpcServer(
      int port, int maxMessageBytes, ApiKeyStore keys, SpanIngest spans, LogIngest logs) {
    ServerInterceptor auth = new KeyInterceptor(keys);
    this.server =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
            .maxInboundMessageSize(maxMessageBytes)
            .addService(ServerInterceptors.intercept(new Traces(spans), auth))
            .addService(ServerInterceptors.intercept(new OtlpGrpcLogs(logs, PROJECT), auth))
            .addService(ServerInterceptors.intercept(new Metrics(), auth))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new UncheckedIOException(
          "Could not start OTLP/gRPC on port "
              + port
              + " (SELENE_OTLP_GRPC_PORT): "
              + cause.getMessage()
              + "; choose a free port, or 0 to disable gRPC",
          e);
    }
    log.info("OTLP/gRPC listening on port {}", server.getPort());
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(15, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }

  static UUID project() {
    return PROJECT.get();
  }

  /** Resolves the key before any call runs; the project travels in the gRPC context. */
  private static final class KeyInterceptor implements ServerInterceptor {
    private final ApiKeyStore keys;

    KeyInterceptor(ApiKeyStore keys) {
      this.keys = keys;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String credential = credential(headers);
      if (credential == null) {
        call.close(
            Status.UNAUTHENTICATED.withDescription(
                "Missing API key: send 'authorization: Bearer <key>' or 'x-api-key: <key>'"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      Optional<Principal> principal = keys.find(credential);
      if (principal.isEmpty()
          || principal.get().projectId() == null
          || principal.get().kind() == KeyKind.ORG_PRIVATE) {
        call.close(Status.UNAUTHENTICATED.withDescription("Invalid API key"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      Context ctx = Context.current().withValue(PROJECT, principal.get().projectId());
      return Contexts.interceptCall(ctx, call, headers, next);
    }

    private static String credential(Metadata headers) {
      String authorization = headers.get(AUTHORIZATION);
      if (authorization != null && !authorization.isBlank()) {
        String[] parts = authorization.trim().split("\\s+");
        return parts.length >= 2 ? parts[1] : parts[0];
      }
      for (Metadata.Key<String> key : new Metadata.Key[] {API_KEY, AUTH_TOKEN}) {
        String v = headers.get(key);
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
      return null;
    }
  }

  private static final class Traces extends TraceServiceGrpc.TraceServiceImplBase {
    private final SpanIngest spans;

    Traces(SpanIngest spans) {
      this.spans = spans;
    }

    @Override
    public void export(
        ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responses) {
      try {
        spans
            .submit(PROJECT.get(), OtlpProtoReader.spans(request), SpanIngest.OTLP, "otlp")
            .whenComplete(
                (outcome, error) -> {
                  if (error != null) {
                    responses.onError(
                        Status.UNAVAILABLE
                            .withDescription("Spans could not be stored")
                            .asRuntimeException());
                    return;
                  }
                  ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
                  if (outcome.rejected() > 0) {
                    r.setPartialSuccess(
                        ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(outcome.rejected())
                            .setErrorMessage(outcome.errorMessage()));
                  }
                  responses.onNext(r.build());
                  responses.onCompleted();
                });
      } catch (QueueFullException e) {
        responses.onError(
            Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
      }
    }
  }

  /** Metrics are accepted and discarded, so collectors with a metrics pipeline do not error. */
  private static final class Metrics extends MetricsServiceGrpc.MetricsServiceImplBase {
    @Override
    public void export(
        ExportMetricsServiceRequest request,
        StreamObserver<ExportMetricsServiceResponse> responses) {
      responses.onNext(ExportMetricsServiceResponse.getDefaultInstance());
      responses.onCompleted();
    }
  }
}
