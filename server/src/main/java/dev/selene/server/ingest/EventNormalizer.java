package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns one event as an SDK sent it into a {@link RunEvent}: keys camelCased, {@code null} treated
 * as absent, ids normalised, aliases resolved ({@code extra} for {@code params}, {@code templateId}
 * for {@code templateVersionId}, a string {@code tags}). Problems that make the event unusable are
 * reported for that event alone, naming the field.
 */
final class EventNormalizer {
  private final Clock clock;

  EventNormalizer(Clock clock) {
    this.clock = clock;
  }

  /**
   * Google's SDKs name models {@code models/gemini-…}; the reference drops the first {@code
   * models/} (JavaScript's {@code replace} with a string). Not {@code replaceFirst}: that compiled
   * a regular expression for every event.
   */
  static String withoutModelsPrefix(String name) {
    int at = name.indexOf("models/");
    return at < 0 ? name : name.substring(0, at) + name.substring(at + "models/".length());
  }

  RunEvent normalize(JsonNode raw, UUID projectId) {
    if (!(raw instanceof ObjectNode)) {
      throw new InvalidEventException("event: expected a JSON object");
    }
    ObjectNode e = (ObjectNode) CamelCase.deep(raw);
    String event = text(e, "event");
    if (event == null) {
      throw new InvalidEventException("event: required (start, end, error, feedback, chat…)");
    }
    String type = text(e, "type");
    Instant timestamp = Timestamps.parse(present(e, "timestamp"));
    if (timestamp == null) {
      timestamp = clock.instant();
    }
    UUID runId = RunIds.normalize(idText(e, "runId"));
    UUID parentRunId = RunIds.normalize(idText(e, "parentRunId"));
    JsonNode metadata = object(e, "metadata");
    JsonNode params = object(e, "params");
    if (params == null) {
      params = object(e, "extra");
    }
    JsonNode feedback = present(e, "feedback");
    if ("feedback".equals(event)) {
      feedback = feedbackWithLegacyExtra(feedback, present(e, "extra"));
    } else if (feedback != null && !feedback.isObject()) {
      feedback = null;
    }
    JsonNode tokens = present(e, "tokensUsage");
    String name = text(e, "name");
    if (name != null) {
      name = withoutModelsPrefix(name);
    }
    String userId = idText(e, "userId");

    if (runId == null) {
      runId = implicitRunId(event, type, raw);
    }
    validate(event, type, runId, parentRunId, e);

    return new RunEvent(
        projectId,
        event,
        type,
        runId,
        parentRunId,
        timestamp,
        name,
        present(e, "input"),
        present(e, "output"),
        "error".equals(event) ? errorPayload(e) : null,
        params,
        metadata,
        feedback,
        e.path("overwrite").asBoolean(false),
        tags(e, metadata),
        userId,
        object(e, "userProps"),
        integer(tokens, "prompt"),
        integer(tokens, "completion"),
        integer(tokens, "promptCached"),
        templateVersionId(e, metadata),
        text(e, "runtime"),
        present(e, "message"),
        stringList(present(e, "threadTags"), "threadTags"),
        object(e, "threadMetadata"));
  }

  private static void validate(
      String event, String type, UUID runId, UUID parentRunId, ObjectNode e) {
    switch (event) {
      case "start" -> {
        if (type == null) {
          throw new InvalidEventException("type: required on start events (llm, agent, tool…)");
        }
      }
      case "end", "error", "feedback", "update", "content" -> {
        if (runId == null) {
          throw new InvalidEventException("runId: required on " + event + " events");
        }
      }
      case "chat" -> {
        if (parentRunId == null) {
          throw new InvalidEventException("parentRunId: a chat message needs its thread id");
        }
        JsonNode message = e.get("message");
        if (message == null || !message.isObject() || !message.path("role").isTextual()) {
          throw new InvalidEventException("message: expected an object with a string role");
        }
      }
      default -> {}
    }
  }

  /**
   * Events without a runId (logs, SDK starts that let the server choose) get an id derived from
   * their content, so that resending the same event is still a no-op.
   */
  private static UUID implicitRunId(String event, String type, JsonNode raw) {
    boolean needsOne =
        "start".equals(event)
            || "log".equals(type)
            || "custom-event".equals(event)
            || "chat".equals(event);
    return needsOne ? RunIds.fromSeed("selene-implicit:" + raw.toString()) : null;
  }

  /** Lunary's legacy JS SDK sends feedback under {@code extra}; both are merged. */
  private static JsonNode feedbackWithLegacyExtra(JsonNode feedback, JsonNode extra) {
    if (feedback != null && !feedback.isObject()) {
      throw new InvalidEventException("feedback: expected an object");
    }
    if (extra == null || !extra.isObject()) {
      return feedback;
    }
    ObjectNode merged =
        feedback == null ? ((ObjectNode) extra).objectNode() : ((ObjectNode) feedback).deepCopy();
    merged.setAll((ObjectNode) extra);
    return merged;
  }

  private static JsonNode errorPayload(ObjectNode e) {
    JsonNode error = present(e, "error");
    if (error == null) {
      return e.objectNode().put("message", "Unknown error");
    }
    return error.isTextual() ? e.objectNode().put("message", error.asText()) : error;
  }

  private static List<String> tags(ObjectNode e, JsonNode metadata) {
    JsonNode tags = present(e, "tags");
    if (tags == null && metadata != null) {
      JsonNode fromMetadata = metadata.get("tags");
      if (fromMetadata != null && fromMetadata.isArray()) {
        tags = fromMetadata;
      }
    }
    return stringList(tags, "tags");
  }

  private static List<String> stringList(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw new InvalidEventException(field + ": expected a string or an array of strings");
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (item.isNull()) {
        continue;
      }
      if (!item.isValueNode()) {
        throw new InvalidEventException(field + ": expected an array of strings");
      }
      if (!out.contains(item.asText())) {
        out.add(item.asText());
      }
    }
    return out;
  }

  private static Long templateVersionId(ObjectNode e, JsonNode metadata) {
    for (JsonNode candidate :
        new JsonNode[] {
          present(e, "templateVersionId"),
          present(e, "templateId"),
          metadata == null ? null : metadata.get("templateId"),
          metadata == null ? null : metadata.get("templateVersionId")
        }) {
      if (candidate == null || candidate.isNull()) {
        continue;
      }
      if (candidate.canConvertToLong() && candidate.isIntegralNumber()) {
        return candidate.asLong();
      }
      if (candidate.isTextual() && candidate.asText().matches("\\d{1,18}")) {
        return Long.parseLong(candidate.asText());
      }
    }
    return null;
  }

  private static Integer integer(JsonNode parent, String field) {
    if (parent == null || !parent.isObject()) {
      return null;
    }
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return value.asInt();
    }
    if (value.isTextual() && value.asText().matches("\\d{1,9}")) {
      return Integer.parseInt(value.asText());
    }
    throw new InvalidEventException("tokensUsage." + field + ": expected a number");
  }

  static JsonNode present(JsonNode e, String field) {
    JsonNode value = e.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value;
  }

  private static JsonNode object(ObjectNode e, String field) {
    JsonNode value = present(e, field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw new InvalidEventException(field + ": expected an object");
    }
    return value;
  }

  private static String text(ObjectNode e, String field) {
    JsonNode value = present(e, field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /** Ids may arrive as numbers from hand-written clients; they are used as strings. */
  private static String idText(ObjectNode e, String field) {
    JsonNode value = present(e, field);
    if (value == null) {
      return null;
    }
    if (value.isTextual() || value.isNumber()) {
      return value.asText();
    }
    throw new InvalidEventException(field + ": expected a string");
  }
}
