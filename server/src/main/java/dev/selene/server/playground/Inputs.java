package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Shared request checks of the playground routes: bodies, ids, URLs, header maps. */
final class Inputs {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers the HTTP client sets itself and refuses to take from callers. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private Inputs() {}

  static JsonNode object(Context ctx, ObjectMapper json) {
    return dev.selene.server.http.JsonBodies.object(ctx, json);
  }

  static UUID uuid(Context ctx, Supplier<ApiException> notFound) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw notFound.get();
    }
  }

  /** An optional string field; 422 naming it when present but not a string. */
  static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.invalid(field, "must be a string");
    }
    return node.asText();
  }

  static String requiredText(JsonNode body, String field, String path) {
    JsonNode node = body.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw ApiException.invalid(path, "is required (a non-empty string)");
    }
    return node.asText();
  }

  static String httpUrl(String value, String field) {
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(field, "must be a valid http(s) URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw ApiException.invalid(field, "must be a valid http(s) URL");
    }
    return uri.toString();
  }

  static ObjectNode object(JsonNode node, String field) {
    if (!node.isObject()) {
      throw ApiException.invalid(field, "must be an object");
    }
    return (ObjectNode) node;
  }

  /** An object of header names to string values that the HTTP client can send. */
  static ObjectNode headers(JsonNode node, String field) {
    ObjectNode headers = object(node, field);
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      headerName(e.getKey(), field + "." + e.getKey());
      if (!e.getValue().isTextual()) {
        throw ApiException.invalid(field + "." + e.getKey(), "must be a string");
      }
    }
    return headers;
  }

  static String headerName(String name, String field) {
    if (!HEADER_NAME.matcher(name).matches()) {
      throw ApiException.invalid(field, "is not a valid HTTP header name");
    }
    if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw ApiException.invalid(field, "is set by Selene itself and cannot be configured");
    }
    return name;
  }
}
