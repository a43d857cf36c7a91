package dev.selene.sdk;

import java.util.List;
import java.util.Map;

/**
 * A conversation: its messages and custom events are runs whose parent is the thread. Open one with
 * {@link Selene#openThread()}; keep {@link #id()} to resume it later with {@link
 * Selene#openThread(String)}. Opening sends nothing; each tracked message does.
 */
public final class ChatThread {
  private final Selene selene;
  private final String id;
  private final List<String> tags;
  private final String userId;
  private final Map<String, ?> userProps;
  private final Map<String, ?> metadata;

  ChatThread(
      Selene selene,
      String id,
      List<String> tags,
      String userId,
      Map<String, ?> userProps,
      Map<String, ?> metadata) {
    this.selene = selene;
    this.id = id;
    this.tags = tags;
    this.userId = userId;
    this.userProps = userProps;
    this.metadata = metadata;
  }

  /** The thread's id: store it to resume the conversation. */
  public String id() {
    return id;
  }

  /**
   * This thread as seen from another end user: messages and events tracked through the returned
   * view carry {@code userId} instead of the thread's user (the Python SDK's {@code
   * track_message(message, user_id=…, user_props=…)}), e.g. a teammate joining a support chat.
   */
  public ChatThread withUser(String userId, Map<String, ?> userProps) {
    return new ChatThread(selene, id, tags, userId, userProps, metadata);
  }

  /** {@link #withUser(String, Map)} without user properties. */
  public ChatThread withUser(String userId) {
    return withUser(userId, null);
  }

  /** The end user this thread's messages are tracked for, or null (the context's user then). */
  public String userId() {
    return userId;
  }

  /** The thread's tags, sent with each of its messages and events (null when none). */
  public List<String> tags() {
    return tags;
  }

  /**
   * Tracks a message and returns its id (the message's own {@link Message#id(String)}, or a new
   * one): give feedback on an assistant reply with it, or parent the LLM call that answered a user
   * message to it ({@code selene.parent(id)}).
   */
  public String trackMessage(Message message) {
    String runId = message.id() != null ? message.id() : Selene.newRunId();
    Event e = new Event("thread", "chat").runId(runId).parentRunId(id);
    e.message = message.toMap();
    e.threadTags = tags;
    e.threadMetadata = metadata;
    e.userId = userId;
    e.userProps = userProps;
    if (message.hasFeedback()) {
      e.feedback(message.feedbackValue());
    }
    selene.track(e);
    return runId;
  }

  /**
   * Tracks a message with this role ({@code user}, {@code assistant}, {@code system}, {@code
   * tool}).
   */
  public String trackMessage(String role, Object content) {
    return trackMessage(Message.of(role, content));
  }

  /** Tracks something that happened in the conversation (a document opened, a button clicked). */
  public String trackEvent(String name) {
    return trackEvent(name, null);
  }

  /** Tracks a custom event with metadata; returns the event's id. */
  public String trackEvent(String name, Map<String, ?> eventMetadata) {
    String runId = Selene.newRunId();
    Event e = new Event("thread", "custom-event").runId(runId).parentRunId(id).name(name);
    e.metadata = eventMetadata;
    // sent with the thread's tags so the server does not reset them (the JS SDK omits them)
    e.threadTags = tags;
    e.threadMetadata = metadata;
    e.userId = userId;
    e.userProps = userProps;
    selene.track(e);
    return runId;
  }

  /** Describes a thread to open: {@code selene.thread().tags("support").user("u1").open()}. */
  public static final class Builder {
    private final Selene selene;
    private String id;
    private List<String> tags;
    private String userId;
    private Map<String, ?> userProps;
    private Map<String, ?> metadata;

    Builder(Selene selene) {
      this.selene = selene;
    }

    /** Resumes the thread with this id; by default a new thread is opened. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder tags(String... tags) {
      this.tags = List.of(tags);
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags == null ? null : List.copyOf(tags);
      return this;
    }

    /** The end user having the conversation. */
    public Builder user(String userId, Map<String, ?> userProps) {
      this.userId = userId;
      this.userProps = userProps;
      return this;
    }

    public Builder user(String userId) {
      return user(userId, null);
    }

    /** Metadata of the thread (set when the thread is first stored). */
    public Builder metadata(Map<String, ?> metadata) {
      this.metadata = metadata;
      return this;
    }

    public ChatThread open() {
      return new ChatThread(
          selene, id != null ? id : Selene.newRunId(), tags, userId, userProps, metadata);
    }
  }
}
