package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import java.util.UUID;

/**
 * A playground run as the client asks for it. Either ad-hoc {@code content} or a stored {@code
 * templateVersionId} (whose content, extra and test values are the defaults); {@code extra} model
 * parameters override the version's; {@code variables} default to its test values. {@code
 * endpointId} runs against a custom endpoint instead of a provider; {@code provider} names a
 * provider or a provider-config id; {@code stream} defaults to {@code extra.stream}.
 */
record PlaygroundRequest(
    JsonNode content,
    ObjectNode extra,
    JsonNode variables,
    Long templateVersionId,
    UUID endpointId,
    String provider,
    Boolean stream) {

  static PlaygroundRequest parse(JsonNode body) {
    JsonNode content = present(body.get("content"));
    if (content != null && !content.isTextual() && !content.isArray()) {
      throw ApiException.invalid("content", "must be a string or an array of chat messages");
    }
    JsonNode extra = present(body.get("extra"));
    JsonNode variables = present(body.get("variables"));
    if (variables != null && !variables.isObject()) {
      throw ApiException.invalid("variables", "must be an object of variable values");
    }
    JsonNode stream = present(body.get("stream"));
    if (stream != null && !stream.isBoolean()) {
      throw ApiException.invalid("stream", "must be true or false");
    }
    return new PlaygroundRequest(
        content,
        extra == null ? null : Inputs.object(extra, "extra"),
        variables,
        versionId(present(body.get("templateVersionId"))),
        endpointId(present(body.get("endpointId"))),
        Inputs.text(body, "provider"),
        stream == null ? null : stream.asBoolean());
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  private static Long versionId(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      return Long.parseLong(node.asText());
    }
    throw ApiException.invalid("templateVersionId", "must be a template version id");
  }

  private static UUID endpointId(JsonNode node) {
    if (node == null) {
      return null;
    }
    try {
      return UUID.fromString(node.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("endpointId", "must be a playground endpoint id");
    }
  }
}
