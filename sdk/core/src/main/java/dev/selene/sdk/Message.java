package dev.selene.sdk;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat message of a {@link ChatThread}: a role ({@code user}, {@code assistant}, {@code system}
 * or {@code tool}) and its content, plus optional fields. Sent as the event's {@code message}.
 */
public final class Message {
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private Object feedback;
  private boolean hasFeedback;

  private Message(String role, Object content) {
    fields.put("role", role);
    fields.put("content", content);
  }

  /** A message with any role. */
  public static Message of(String role, Object content) {
    return new Message(role, content);
  }

  public static Message user(Object content) {
    return new Message("user", content);
  }

  public static Message assistant(Object content) {
    return new Message("assistant", content);
  }

  public static Message system(Object content) {
    return new Message("system", content);
  }

  public static Message tool(Object content) {
    return new Message("tool", content);
  }

  /** The message's id (its run id); by default a new UUID is given by {@code trackMessage}. */
  public Message id(String id) {
    fields.put("id", id);
    return this;
  }

  /** Marks a regenerated reply. */
  public Message isRetry(boolean isRetry) {
    fields.put("isRetry", isRetry);
    return this;
  }

  public Message tags(String... tags) {
    fields.put("tags", Arrays.asList(tags));
    return this;
  }

  public Message metadata(Map<String, ?> metadata) {
    fields.put("metadata", metadata);
    return this;
  }

  /** Feedback already given on this message (sent with it). */
  public Message feedback(Map<String, ?> feedback) {
    this.feedback = feedback;
    this.hasFeedback = true;
    fields.put("feedback", feedback);
    return this;
  }

  /** Any other field of the message ({@code name}, {@code tool_call_id}, {@code tool_calls}…). */
  public Message put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  public String role() {
    return (String) fields.get("role");
  }

  public Object content() {
    return fields.get("content");
  }

  String id() {
    return (String) fields.get("id");
  }

  boolean hasFeedback() {
    return hasFeedback;
  }

  Object feedbackValue() {
    return feedback;
  }

  /** The message as sent: {@code {role, content, …}}. */
  public Map<String, Object> toMap() {
    return new LinkedHashMap<>(fields);
  }
}
