package dev.selene.server.ingest;

/** One event is unusable; the message names the field. Other events of the batch are unaffected. */
final class InvalidEventException extends RuntimeException {
  InvalidEventException(String message) {
    super(message, null, false, false);
  }
}
