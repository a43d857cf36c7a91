package dev.selene.server.http;

/**
 * A failure that becomes an HTTP error response with Selene's single error shape: {@code {"error":
 * <reason>, "message": <what went wrong and what to do>, "details"?: ...}}.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final transient Object details;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, Object details) {
    super(message, null, false, false);
    this.status = status;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public Object details() {
    return details;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, message);
  }

  /** 422, the status the Lunary docs give for missing or incorrect parameters. */
  public static ApiException invalid(String field, String problem) {
    return new ApiException(422, field + ": " + problem, java.util.Map.of("field", field));
  }
}
