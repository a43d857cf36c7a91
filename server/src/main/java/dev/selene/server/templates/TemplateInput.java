package dev.selene.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Validation and normalisation of what clients send for templates and versions. Bad input is a 422
 * naming the field; the stored forms are the ones SDKs expect back (snake_case {@code extra} and
 * message keys).
 */
final class TemplateInput {
  static final Set<String> MODES = Set.of("text", "openai");
  private static final int MAX_SLUG = 255;

  private TemplateInput() {}

  /** The fields of a version (on create all are resolved; on update absent ones are null). */
  record VersionFields(
      JsonNode content, ObjectNode extra, JsonNode testValues, String notes, Boolean draft) {}

  static String slug(JsonNode body, boolean required) {
    JsonNode node = body.get("slug");
    if (node == null || node.isNull()) {
      if (required) {
        throw ApiException.invalid("slug", "is required");
      }
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw ApiException.invalid("slug", "must be a non-empty string");
    }
    String slug = node.asText().trim();
    if (slug.length() > MAX_SLUG) {
      throw ApiException.invalid("slug", "must be at most " + MAX_SLUG + " characters");
    }
    return slug;
  }

  static String mode(JsonNode body, String fallback) {
    JsonNode node = body.get("mode");
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual() || !MODES.contains(node.asText())) {
      throw ApiException.invalid("mode", "must be \"text\" or \"openai\"");
    }
    return node.asText();
  }

  /** Version fields from a create request: content required, the rest defaulted. */
  static VersionFields forCreate(JsonNode body, boolean templateCreation) {
    JsonNode content = body.get("content");
    if (content == null || content.isNull()) {
      throw ApiException.invalid("content", "is required (a string or an array of messages)");
    }
    VersionFields given = fields(body, templateCreation);
    return new VersionFields(
        given.content(),
        given.extra() == null ? JsonNodeFactory.instance.objectNode() : given.extra(),
        given.testValues(),
        given.notes(),
        given.draft() != null && given.draft());
  }

  /** Version fields from an update request: only those present are set. */
  static VersionFields forUpdate(JsonNode body) {
    return fields(body, false);
  }

  private static VersionFields fields(JsonNode body, boolean dropStop) {
    JsonNode content = body.get("content");
    JsonNode testValues = body.has("testValues") ? body.get("testValues") : body.get("test_values");
    return new VersionFields(
        content == null || content.isNull() ? null : content(content),
        body.has("extra") ? extra(body.get("extra"), dropStop) : null,
        testValues,
        notes(body),
        draft(body));
  }

  private static Boolean draft(JsonNode body) {
    JsonNode node = body.has("isDraft") ? body.get("isDraft") : body.get("is_draft");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw ApiException.invalid("isDraft", "must be true or false");
    }
    return node.asBoolean();
  }

  private static String notes(JsonNode body) {
    JsonNode node = body.get("notes");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.invalid("notes", "must be a string");
    }
    return node.asText();
  }

  /** A string (text template) or an array of chat messages, message keys snake_cased. */
  static JsonNode content(JsonNode content) {
    if (content.isTextual()) {
      return content;
    }
    if (!content.isArray()) {
      throw ApiException.invalid("content", "must be a string or an array of chat messages");
    }
    ArrayNode messages = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < content.size(); i++) {
      JsonNode message = content.get(i);
      if (!message.isObject() || !message.path("role").isTextual()) {
        throw ApiException.invalid(
            "content[" + i + "]", "must be a chat message object with a string \"role\"");
      }
      messages.add(snakeKeys((ObjectNode) message));
    }
    return messages;
  }

  /**
   * Model parameters: an object whose top-level keys are stored snake_case ({@code maxTokens} →
   * {@code max_tokens}), as the SDKs spread them into provider calls. Nested values (tool schemas,
   * response formats) are kept as sent. A {@code model} object is replaced by its {@code name}; on
   * template creation {@code stop} is dropped, as the reference does.
   */
  static ObjectNode extra(JsonNode extra, boolean dropStop) {
    if (extra == null || extra.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!extra.isObject()) {
      throw ApiException.invalid("extra", "must be an object of model parameters");
    }
    ObjectNode out = snakeKeys((ObjectNode) extra);
    JsonNode model = out.get("model");
    if (model != null && model.isObject()) {
      if (!model.path("name").isTextual()) {
        throw ApiException.invalid("extra.model", "must be a model name");
      }
      out.put("model", model.get("name").asText());
    }
    if (dropStop) {
      out.remove("stop");
    }
    return out;
  }

  /** A copy of {@code node} whose own keys are snake_case (values untouched). */
  static ObjectNode snakeKeys(ObjectNode node) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(snake(e.getKey()), e.getValue());
    }
    return out;
  }

  static String snake(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && key.charAt(i - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
