package dev.selene.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** Reading request bodies, ids and time parameters the same way in every template route. */
final class Requests {
  private Requests() {}

  static JsonNode object(Context ctx, ObjectMapper json) {
    return dev.selene.server.http.JsonBodies.object(ctx, json);
  }

  /** A numeric path id; anything else cannot name an existing row, hence {@code notFound}. */
  static long id(Context ctx, Supplier<ApiException> notFound) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw notFound.get();
    }
  }

  static Instant time(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(name, "must be an ISO-8601 instant such as 2025-01-31T00:00:00Z");
    }
  }
}
