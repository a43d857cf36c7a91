package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Public echo endpoints for trying the playground's custom-endpoint feature: {@code POST
 * /v1/test-endpoint} echoes the request, {@code POST /v1/test-endpoint/auth} also says which kind
 * of credential it received. Their credentials are never interpreted as Selene keys.
 */
final class TestEndpointHandler {
  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "cookie", "x-api-key");

  private final ObjectMapper json;

  TestEndpointHandler(ObjectMapper json) {
    this.json = json;
  }

  void routes(RoutesConfig routes) {
    routes.post("/v1/test-endpoint", this::echo);
    routes.post("/v1/test-endpoint/auth", this::auth);
  }

  private void echo(Context ctx) {
    ObjectNode out = json.createObjectNode();
    out.put("message", "Test endpoint successfully received your request");
    out.put("receivedAt", Times.iso(Instant.now()));
    out.set("echo", body(ctx));
    ObjectNode headers = out.putObject("headers");
    Map<String, String> sorted = new TreeMap<>();
    ctx.headerMap().forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v));
    sorted.forEach(
        (k, v) -> {
          if (!HIDDEN_HEADERS.contains(k)) {
            headers.put(k, v);
          }
        });
    out.put("method", "POST");
    ctx.json(out);
  }

  private void auth(Context ctx) {
    String type = authType(ctx);
    if (type == null) {
      throw ApiException.unauthorized("Missing or invalid authentication");
    }
    ObjectNode out = json.createObjectNode();
    out.put("message", "Authentication successful");
    out.put("authType", type);
    out.put("receivedAt", Times.iso(Instant.now()));
    out.set("echo", body(ctx));
    ctx.json(out);
  }

  static String authType(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String value = authorization.trim();
      if (hasScheme(value, "Bearer ")) {
        return "bearer";
      }
      if (hasScheme(value, "Basic ")) {
        return "basic";
      }
    }
    String apiKey = ctx.header("X-Api-Key");
    return apiKey != null && !apiKey.isBlank() ? "api_key" : null;
  }

  private static boolean hasScheme(String value, String scheme) {
    return value.regionMatches(true, 0, scheme, 0, scheme.length())
        && !value.substring(scheme.length()).isBlank();
  }

  /** The request body as JSON, {@code {}} when empty, the raw text when it is not JSON. */
  private JsonNode body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      return json.createObjectNode();
    }
    try {
      JsonNode node = json.readTree(bytes);
      return node == null ? json.createObjectNode() : node;
    } catch (IOException e) {
      return json.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
