package dev.selene.server.ingest;

/** The ingest queue cannot take more events now; the client should retry after a short wait. */
public final class QueueFullException extends RuntimeException {
  public QueueFullException(String message) {
    super(message, null, false, false);
  }
}
