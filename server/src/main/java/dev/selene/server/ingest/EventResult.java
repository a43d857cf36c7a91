package dev.selene.server.ingest;

/** The outcome of one event, reported back in request order. */
public record EventResult(boolean success, String error) {
  static final EventResult OK = new EventResult(true, null);

  static EventResult failed(String error) {
    return new EventResult(false, error);
  }
}
