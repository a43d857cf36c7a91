package dev.selene.server.otlp;

/** gRPC status codes for HTTP statuses, for the {@code google.rpc.Status} of OTLP errors. */
final class GrpcCodes {
  private GrpcCodes() {}

  static int forHttpStatus(int http) {
    return switch (http) {
      case 400, 413, 415, 422 -> 3; // INVALID_ARGUMENT
      case 401 -> 16; // UNAUTHENTICATED
      case 403 -> 7; // PERMISSION_DENIED
      case 404 -> 5; // NOT_FOUND
      case 429 -> 8; // RESOURCE_EXHAUSTED
      case 503 -> 14; // UNAVAILABLE
      default -> 13; // INTERNAL
    };
  }
}
