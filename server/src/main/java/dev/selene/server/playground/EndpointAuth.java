package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * How Selene authenticates to a custom endpoint: {@code bearer} (token), {@code api_key} (a header
 * name and key) or {@code basic} (username and password). {@code secret} is the token, key or
 * password; it is null when the stored value can no longer be decrypted.
 */
record EndpointAuth(String type, String header, String username, String secret) {
  static final String BEARER = "bearer";
  static final String API_KEY = "api_key";
  static final String BASIC = "basic";

  /** The JSON field that holds this type's secret, as the reference names it. */
  String secretField() {
    return switch (type) {
      case BEARER -> "token";
      case API_KEY -> "key";
      default -> "password";
    };
  }

  /** The auth object with the secret shown as given ({@code secretShown} may be a mask). */
  ObjectNode toJson(String secretShown) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", type);
    if (API_KEY.equals(type)) {
      o.put("header", header);
    }
    if (BASIC.equals(type)) {
      o.put("username", username);
    }
    o.put(secretField(), secretShown);
    return o;
  }

  static EndpointAuth fromJson(JsonNode o, String secret) {
    return new EndpointAuth(
        o.path("type").asText(),
        o.path("header").isTextual() ? o.get("header").asText() : null,
        o.path("username").isTextual() ? o.get("username").asText() : null,
        secret);
  }

  /** Adds this credential to the headers of a call to the endpoint. */
  void addTo(Map<String, String> headers) {
    switch (type) {
      case BEARER -> headers.put("Authorization", "Bearer " + secret);
      case API_KEY -> headers.put(header, secret);
      default ->
          headers.put(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
