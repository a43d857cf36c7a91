package dev.selene.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to the single JSON error shape, and unknown routes to a JSON 404. */
public final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private static final String WRITTEN = "selene.error-written";

  private ErrorResponses() {}

  public static void register(RoutesConfig routes) {
    routes.exception(
        ApiException.class, (e, ctx) -> write(ctx, e.status(), e.getMessage(), e.details()));
    routes.exception(
        StreamConstraintsException.class,
        (e, ctx) ->
            write(ctx, 422, "Request body exceeds a JSON limit: " + e.getOriginalMessage(), null));
    routes.exception(
        JsonProcessingException.class,
        (e, ctx) ->
            write(ctx, 400, "Request body is not valid JSON: " + e.getOriginalMessage(), null));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            write(ctx, e.getStatus(), e.getStatus() == 404 ? "Not Found" : e.getMessage(), null));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.warn("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
          write(ctx, 500, "Internal server error", null);
        });
    routes.error(
        404,
        ctx -> {
          if (ctx.attribute(WRITTEN) == null) {
            write(ctx, 404, "Not Found", null);
          }
        });
  }

  public static void write(Context ctx, int status, String message, Object details) {
    ctx.attribute(WRITTEN, Boolean.TRUE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", reason(status));
    body.put("message", message);
    if (details != null) {
      body.put("details", details);
    }
    ctx.status(status).json(body);
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Validation Error";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
