package dev.selene.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One tracking event, for manual use: the {@code trackEvent} / {@code track_event} surface of the
 * other SDKs. Build it fluently and hand it to {@link Selene#track(Event)}:
 *
 * <pre>{@code
 * String runId = Selene.newRunId();
 * selene.track(Event.start(RunType.LLM, runId).name("gpt-4o").input(messages).params(params));
 * selene.track(Event.end(RunType.LLM, runId).output(reply).tokensUsage(12, 5));
 * }</pre>
 *
 * <p>Values ({@code input}, {@code output}, …) are kept by reference and serialised on the SDK's
 * background thread, so the caller pays almost nothing: do not mutate them after tracking. Once
 * tracked, an event belongs to the SDK and must not be reused.
 */
public final class Event {
  final String event;
  String type;
  String runId;
  String parentRunId;
  Instant timestamp;
  long timestampMicros;
  String name;
  Object input;
  Object output;
  Object error;
  Object params;
  Object metadata;
  List<String> tags;
  String userId;
  Object userProps;
  Integer promptTokens;
  Integer completionTokens;
  Integer promptCachedTokens;
  String templateId;
  Object message;
  List<String> threadTags;
  Object threadMetadata;
  Object feedback;
  boolean hasFeedback;
  Boolean overwrite;
  Object extra;
  String appId;

  /**
   * @param type the run type ({@code llm}, {@code agent}, {@code chain}, {@code tool}, {@code
   *     embed}, {@code retriever}, {@code thread}, …), or null for feedback
   * @param event the event name: {@code start}, {@code end}, {@code error}, {@code feedback},
   *     {@code chat}, {@code custom-event}, {@code update}
   */
  public Event(String type, String event) {
    this.type = type;
    this.event = event;
  }

  /** A {@code start} event of run {@code runId}. */
  public static Event start(RunType type, String runId) {
    return new Event(type.wireName(), "start").runId(runId);
  }

  /** An {@code end} event of run {@code runId}. */
  public static Event end(RunType type, String runId) {
    return new Event(type.wireName(), "end").runId(runId);
  }

  /** An {@code error} event of run {@code runId}. */
  public static Event error(RunType type, String runId) {
    return new Event(type.wireName(), "error").runId(runId);
  }

  /** Any event, by its wire names (see {@link #Event(String, String)}). */
  public static Event of(String type, String event) {
    return new Event(type, event);
  }

  public String type() {
    return type;
  }

  public String event() {
    return event;
  }

  public String runId() {
    return runId;
  }

  /** The run's id: any string; the SDK's own ids are UUIDs ({@link Selene#newRunId()}). */
  public Event runId(String runId) {
    this.runId = runId;
    return this;
  }

  /** The parent run; when absent on a start event, the current context's run is used. */
  public Event parentRunId(String parentRunId) {
    this.parentRunId = parentRunId;
    return this;
  }

  /** When it happened; defaults to the moment it is tracked. */
  public Event timestamp(Instant timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  /** The name of the model, agent, chain or tool. */
  public Event name(String name) {
    this.name = name;
    return this;
  }

  public Event input(Object input) {
    this.input = input;
    return this;
  }

  public Event output(Object output) {
    this.output = output;
    return this;
  }

  /** The failure, sent as {@code {message, stack}}. */
  public Event error(Throwable error) {
    this.error = error;
    return this;
  }

  /** The failure as a message only, sent as {@code {message}}. */
  public Event error(String message) {
    this.error = message == null ? null : Map.of("message", message);
    return this;
  }

  /** Token usage of an LLM run. */
  public Event tokensUsage(int prompt, int completion) {
    this.promptTokens = prompt;
    this.completionTokens = completion;
    return this;
  }

  /** Token usage of an LLM run, with the prompt tokens served from the provider's cache. */
  public Event tokensUsage(int prompt, int completion, int promptCached) {
    tokensUsage(prompt, completion);
    this.promptCachedTokens = promptCached;
    return this;
  }

  /** The end user the run is for; when absent, the identified user of the context is used. */
  public Event userId(String userId) {
    this.userId = userId;
    return this;
  }

  /** Properties of the end user ({@code name}, {@code email}, {@code avatar}, {@code group}…). */
  public Event userProps(Map<String, ?> userProps) {
    this.userProps = userProps;
    return this;
  }

  /** Tags of the run; the context's tags are added to them on start events. */
  public Event tags(String... tags) {
    return tags(Arrays.asList(tags));
  }

  public Event tags(List<String> tags) {
    this.tags = tags == null ? null : new ArrayList<>(tags);
    return this;
  }

  /** Parameters of the call (for an LLM: temperature, max_tokens…). */
  public Event params(Map<String, ?> params) {
    this.params = params;
    return this;
  }

  /** Metadata: flat string, number or boolean values. */
  public Event metadata(Map<String, ?> metadata) {
    this.metadata = metadata;
    return this;
  }

  /** The template version this LLM run was made with ({@link RenderedTemplate#templateId()}). */
  public Event templateId(String templateId) {
    this.templateId = templateId;
    return this;
  }

  /** The chat message of a thread {@code chat} event: {@code {role, content, …}}. */
  public Event message(Object message) {
    this.message = message;
    return this;
  }

  /** Tags of the thread a {@code chat} or {@code custom-event} belongs to. */
  public Event threadTags(List<String> threadTags) {
    this.threadTags = threadTags == null ? null : new ArrayList<>(threadTags);
    return this;
  }

  /** The feedback of a {@code feedback} event; {@code null} removes the stored feedback. */
  public Event feedback(Object feedback) {
    this.feedback = feedback;
    this.hasFeedback = true;
    return this;
  }

  /** On a feedback event: replace the stored feedback instead of merging into it. */
  public Event overwrite(boolean overwrite) {
    this.overwrite = overwrite;
    return this;
  }

  /**
   * Sends this one event to the project of another key (the Python SDK's {@code app_id} argument of
   * {@code track_event}): servers that honour the per-event {@code appId}, as Selene and Lunary do,
   * store it there instead of in the project of the key the SDK is configured with.
   */
  public Event appId(String projectKey) {
    this.appId = projectKey;
    return this;
  }

  /** Extra data (legacy: stored as params on start). */
  public Event extra(Object extra) {
    this.extra = extra;
    return this;
  }

  /**
   * Writes this event as one JSON object with the wire's camelCase keys, leaving out unset ones.
   */
  void writeTo(Json.Writer w, String runtime) {
    StringBuilder out = w.out();
    out.append("{\"event\":");
    w.string(event);
    if (type != null) {
      out.append(",\"type\":");
      w.string(type);
    } else if ("feedback".equals(event)) {
      out.append(",\"type\":null"); // exactly what the JS SDK sends
    }
    stringField(w, "runId", runId);
    stringField(w, "parentRunId", parentRunId);
    out.append(",\"timestamp\":");
    w.string(timestamp != null ? timestamp.toString() : Clock.format(timestampMicros));
    stringField(w, "runtime", runtime);
    stringField(w, "name", name);
    stringField(w, "userId", userId);
    valueField(w, "userProps", userProps);
    valueField(w, "input", input);
    valueField(w, "output", output);
    valueField(w, "error", error);
    valueField(w, "params", params);
    valueField(w, "metadata", metadata);
    valueField(w, "tags", tags);
    if (promptTokens != null || completionTokens != null) {
      out.append(",\"tokensUsage\":{");
      boolean first = true;
      if (promptTokens != null) {
        out.append("\"prompt\":").append(promptTokens);
        first = false;
      }
      if (completionTokens != null) {
        out.append(first ? "" : ",").append("\"completion\":").append(completionTokens);
      }
      if (promptCachedTokens != null) {
        out.append(",\"promptCached\":").append(promptCachedTokens);
      }
      out.append('}');
    }
    stringField(w, "templateId", templateId);
    valueField(w, "message", message);
    valueField(w, "threadTags", threadTags);
    valueField(w, "threadMetadata", threadMetadata);
    if (hasFeedback) {
      out.append(",\"feedback\":");
      w.safeValue(feedback);
    }
    if (overwrite != null) {
      out.append(",\"overwrite\":").append(overwrite.booleanValue());
    }
    valueField(w, "extra", extra);
    stringField(w, "appId", appId);
    out.append('}');
  }

  private static void stringField(Json.Writer w, String key, String value) {
    if (value != null) {
      w.out().append(",\"").append(key).append("\":");
      w.string(value);
    }
  }

  private static void valueField(Json.Writer w, String key, Object value) {
    if (value != null) {
      w.out().append(",\"").append(key).append("\":");
      w.safeValue(value);
    }
  }
}
