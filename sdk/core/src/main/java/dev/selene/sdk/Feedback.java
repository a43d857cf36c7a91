package dev.selene.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feedback on a run or message: any JSON object. The dashboard shows {@code thumb} ({@code up} or
 * {@code down}) and {@code comment}; other keys are kept as they are.
 *
 * <pre>{@code
 * selene.trackFeedback(messageId, Feedback.thumbUp().comment("Exactly what I needed"));
 * }</pre>
 */
public final class Feedback {
  private final Map<String, Object> values = new LinkedHashMap<>();

  private Feedback() {}

  public static Feedback empty() {
    return new Feedback();
  }

  public static Feedback thumbUp() {
    return new Feedback().thumb("up");
  }

  public static Feedback thumbDown() {
    return new Feedback().thumb("down");
  }

  /** {@code up}, {@code down}, or null to remove a thumb given before. */
  public Feedback thumb(String thumb) {
    values.put("thumb", thumb);
    return this;
  }

  public Feedback comment(String comment) {
    values.put("comment", comment);
    return this;
  }

  /** Any other key; a null value removes that key from the stored feedback. */
  public Feedback put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  public Map<String, Object> toMap() {
    return new LinkedHashMap<>(values);
  }
}
