package dev.selene.server.otlp;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import java.util.UUID;

/** The OTLP/gRPC logs service over {@link LogIngest}. */
final class OtlpGrpcLogs extends LogsServiceGrpc.LogsServiceImplBase {
  private final LogIngest logs;
  private final Context.Key<UUID> project;

  OtlpGrpcLogs(LogIngest logs, Context.Key<UUID> project) {
    this.logs = logs;
    this.project = project;
  }

  @Override
  public void export(
      ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> responses) {
    try {
      logs.submit(project.get(), OtlpProtoReader.logs(request))
          .whenComplete(
              (outcome, error) -> {
                if (error != null) {
                  responses.onError(Status.UNAVAILABLE.asRuntimeException());
                  return;
                }
                ExportLogsServiceResponse.Builder r = ExportLogsServiceResponse.newBuilder();
                if (outcome.rejected() > 0) {
                  r.setPartialSuccess(
                      ExportLogsPartialSuccess.newBuilder()
                          .setRejectedLogRecords(outcome.rejected())
                          .setErrorMessage(outcome.errorMessage()));
                }
                responses.onNext(r.build());
                responses.onCompleted();
              });
    } catch (dev.selene.server.ingest.QueueFullException e) {
      responses.onError(
          Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
    }
  }
}
