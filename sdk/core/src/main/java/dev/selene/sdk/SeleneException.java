package dev.selene.sdk;

/**
 * A request the application waits for (a template, a score) failed. Tracking never throws this:
 * tracking calls never throw at all.
 */
public class SeleneException extends RuntimeException {
  private final int status;

  public SeleneException(String message) {
    this(message, 0, null);
  }

  public SeleneException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the server answered, or 0 when no answer came. */
  public int status() {
    return status;
  }
}
