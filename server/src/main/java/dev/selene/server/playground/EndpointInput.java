package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;

/**
 * The fields of a custom endpoint as a client sends them. On update, absent fields are null and
 * {@code authGiven} says whether {@code auth} was sent (null then removes authentication).
 */
record EndpointInput(
    String name,
    String url,
    boolean authGiven,
    EndpointAuth auth,
    ObjectNode headers,
    ObjectNode defaultPayload) {

  private static final int MAX_NAME = 255;

  static EndpointInput forCreate(JsonNode body) {
    EndpointInput in = parse(body);
    if (in.name() == null) {
      throw ApiException.invalid("name", "is required (1 to 255 characters)");
    }
    if (in.url() == null) {
      throw ApiException.invalid("url", "is required (an http or https URL)");
    }
    return new EndpointInput(
        in.name(),
        in.url(),
        true,
        in.auth(),
        in.headers() == null ? JsonNodeFactory.instance.objectNode() : in.headers(),
        in.defaultPayload() == null ? JsonNodeFactory.instance.objectNode() : in.defaultPayload());
  }

  static EndpointInput forUpdate(JsonNode body) {
    return parse(body);
  }

  private static EndpointInput parse(JsonNode body) {
    String name = Inputs.text(body, "name");
    if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
      throw ApiException.invalid("name", "must be 1 to 255 characters");
    }
    String url = Inputs.text(body, "url");
    JsonNode headers = body.get("headers");
    JsonNode payload = body.get("defaultPayload");
    return new EndpointInput(
        name == null ? null : name.trim(),
        url == null ? null : Inputs.httpUrl(url, "url"),
        body.has("auth"),
        auth(body.get("auth")),
        headers == null || headers.isNull() ? null : Inputs.headers(headers, "headers"),
        payload == null || payload.isNull() ? null : Inputs.object(payload, "defaultPayload"));
  }

  /** The documented auth types; the secret may be a mask sent back from a list response. */
  private static EndpointAuth auth(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.invalid("auth", "must be an object or null");
    }
    String type = node.path("type").asText("");
    return switch (type) {
      case "none" -> null;
      case EndpointAuth.BEARER ->
          new EndpointAuth(type, null, null, Inputs.requiredText(node, "token", "auth.token"));
      case EndpointAuth.API_KEY ->
          new EndpointAuth(
              type,
              Inputs.headerName(Inputs.requiredText(node, "header", "auth.header"), "auth.header"),
              null,
              Inputs.requiredText(node, "key", "auth.key"));
      case EndpointAuth.BASIC -> {
        String user = Inputs.requiredText(node, "username", "auth.username");
        JsonNode password = node.get("password");
        if (password == null || !password.isTextual()) {
          throw ApiException.invalid("auth.password", "is required (a string)");
        }
        yield new EndpointAuth(type, null, user, password.asText());
      }
      default ->
          throw ApiException.invalid(
              "auth.type", "must be \"bearer\", \"api_key\", \"basic\" or \"none\"");
    };
  }
}
