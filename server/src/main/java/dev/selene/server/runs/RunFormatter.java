package dev.selene.server.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Turns a row of {@link RunSelect} into the reference's run JSON ({@code formatRun}), keys in the
 * reference's order. Selene also shows {@code parentRunId} and {@code traceId} on a single run.
 */
final class RunFormatter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int LIST_PREVIEW_CHARS = 100;

  /** Which endpoint the run is for; each shows a few keys of its own. */
  enum Shape {
    /** {@code GET /v1/runs}: threads get {@code firstMessage} and {@code messagesCount}. */
    LIST,
    /** {@code GET /v1/runs/{id}}: adds {@code traceId} and {@code parentRunId}. */
    SINGLE,
    /** The export: the list shape, nothing shortened. */
    EXPORT
  }

  private RunFormatter() {}

  /**
   * @param preview shorten inputs and outputs as the reference's list does for {@code type=llm}:
   *     the last input message only, message contents cut to 100 characters
   */
  static ObjectNode format(ResultSet rs, Shape shape, boolean preview) throws SQLException {
    ObjectNode run = NODES.objectNode();
    run.put("id", rs.getString("id"));
    run.put("projectId", rs.getString("project_id"));
    run.put("isPublic", rs.getBoolean("is_public"));
    run.set("feedback", json(rs, "feedback"));
    run.set("parentFeedback", json(rs, "parent_feedback"));
    run.set("feedbacks", json(rs, "feedbacks"));
    String type = rs.getString("type");
    run.put("type", type);
    run.put("name", rs.getString("name"));
    run.put("createdAt", time(rs, "created_at"));
    run.put("endedAt", time(rs, "ended_at"));
    run.put("duration", rs.getString("duration"));
    putLong(run, "templateVersionId", rs, "template_version_id");
    run.put("templateSlug", rs.getString("template_slug"));
    double cost = rs.getDouble("cost");
    if (rs.wasNull()) {
      run.putNull("cost");
    } else {
      run.put("cost", cost);
    }
    run.set("tokens", tokens(rs));
    run.set("tags", tags(rs.getArray("tags")));
    JsonNode input = unwrap(json(rs, "input"), "input");
    JsonNode output = unwrap(json(rs, "output"), "output");
    if (preview) {
      input = previewInput(input);
      output = previewContent(output);
    }
    run.set("input", input);
    run.set("output", output);
    run.set("error", json(rs, "error"));
    run.put("status", rs.getString("status"));
    run.set("params", params(json(rs, "params")));
    run.set("metadata", json(rs, "metadata"));
    run.set("user", user(rs));
    if (shape == Shape.SINGLE) {
      run.put("traceId", rs.getString("trace_id"));
      run.put("parentRunId", rs.getString("parent_run_id"));
    }
    run.set("scores", json(rs, "scores"));
    if (shape != Shape.SINGLE && "thread".equals(type)) {
      run.set("firstMessage", json(rs, "first_message"));
      run.put("messagesCount", rs.getLong("messages_count"));
    }
    return run;
  }

  private static JsonNode json(ResultSet rs, String column) throws SQLException {
    return StoredJson.parse(rs.getString(column));
  }

  static String time(ResultSet rs, String column) throws SQLException {
    return IsoTime.format(rs.getObject(column, OffsetDateTime.class));
  }

  private static void putLong(ObjectNode node, String key, ResultSet rs, String column)
      throws SQLException {
    long value = rs.getLong(column);
    if (rs.wasNull()) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }

  /** {@code total} adds what is known; a missing side counts as 0, as in the reference. */
  private static ObjectNode tokens(ResultSet rs) throws SQLException {
    ObjectNode tokens = NODES.objectNode();
    putLong(tokens, "prompt", rs, "prompt_tokens");
    putLong(tokens, "cachedPrompt", rs, "cached_prompt_tokens");
    putLong(tokens, "completion", rs, "completion_tokens");
    tokens.put("total", rs.getLong("prompt_tokens") + rs.getLong("completion_tokens"));
    return tokens;
  }

  static JsonNode tags(Array array) throws SQLException {
    if (array == null) {
      return NODES.nullNode();
    }
    ArrayNode tags = NODES.arrayNode();
    for (Object tag : (Object[]) array.getArray()) {
      tags.add((String) tag);
    }
    return tags;
  }

  private static JsonNode user(ResultSet rs) throws SQLException {
    long id = rs.getLong("user_id");
    if (rs.wasNull()) {
      return NODES.nullNode();
    }
    ObjectNode user = NODES.objectNode();
    user.put("id", id);
    user.put("externalId", rs.getString("user_external_id"));
    user.put("createdAt", time(rs, "user_created_at"));
    user.put("lastSeen", time(rs, "user_last_seen"));
    user.set("props", json(rs, "user_props"));
    return user;
  }

  /** SDKs wrapping a value as {@code {"input": X}} (or {@code output}) get X back. */
  private static JsonNode unwrap(JsonNode value, String key) {
    if (value.isObject() && value.size() == 1 && value.has(key)) {
      return value.get(key);
    }
    return value;
  }

  /** {@code {}} for no params; a {@code tools} list sent as a JSON string (LiteLLM) is parsed. */
  private static JsonNode params(JsonNode params) {
    if (!params.isObject()) {
      return params.isNull() ? NODES.objectNode() : params;
    }
    JsonNode tools = params.get("tools");
    if (tools != null && tools.isTextual()) {
      try {
        JsonNode parsed = StoredJson.MAPPER.readTree(tools.asText());
        if (parsed != null && (parsed.isArray() || parsed.isObject())) {
          ((ObjectNode) params).set("tools", parsed);
        }
      } catch (JsonProcessingException notJson) {
        // left as the string it was sent as
      }
    }
    return params;
  }

  private static JsonNode previewInput(JsonNode input) {
    if (input.isArray()) {
      input = input.isEmpty() ? input : input.get(input.size() - 1);
    }
    return previewContent(input);
  }

  private static JsonNode previewContent(JsonNode message) {
    if (message.isObject() && message.path("content").isTextual()) {
      String content = message.get("content").asText();
      if (content.length() > LIST_PREVIEW_CHARS) {
        int end = LIST_PREVIEW_CHARS;
        if (Character.isHighSurrogate(content.charAt(end - 1))) {
          end--;
        }
        ((ObjectNode) message).put("content", content.substring(0, end));
      }
    }
    return message;
  }
}
