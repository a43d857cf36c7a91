package dev.selene.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template with its variables filled in, in OpenAI's shape: the messages (chat template) or the
 * text, the model parameters stored with the template, and the template version id.
 *
 * <p>LLM runs started inside {@link #use()} carry the template id, so the dashboard links them to
 * the template version.
 */
public final class RenderedTemplate {
  private final String slug;
  private final String templateId;
  private final List<Map<String, Object>> messages;
  private final String text;
  private final Map<String, Object> params;

  RenderedTemplate(
      String slug,
      String templateId,
      List<Map<String, Object>> messages,
      String text,
      Map<String, Object> params) {
    this.slug = slug;
    this.templateId = templateId;
    this.messages = messages == null ? null : Collections.unmodifiableList(messages);
    this.text = text;
    this.params = Collections.unmodifiableMap(params);
  }

  public String slug() {
    return slug;
  }

  /** The template version id. */
  public String templateId() {
    return templateId;
  }

  /**
   * Whether it is a chat template ({@link #messages()}) rather than a text one ({@link #text()}).
   */
  public boolean isChat() {
    return messages != null;
  }

  /** The rendered messages {@code [{role, content, …}]}, or null for a text template. */
  public List<Map<String, Object>> messages() {
    return messages;
  }

  /** The rendered text, or null for a chat template. */
  public String text() {
    return text;
  }

  /** The model parameters stored with the template ({@code model}, {@code temperature}…). */
  public Map<String, Object> params() {
    return params;
  }

  /** The {@code model} parameter, or null. */
  public String model() {
    Object m = params.get("model");
    return m == null ? null : m.toString();
  }

  /** Makes LLM runs started on this thread (until the scope is closed) carry this template's id. */
  public Scope use() {
    return SeleneContext.current().withTemplateId(templateId).makeCurrent();
  }

  /**
   * The JS SDK's shape: {@code {...params, messages | prompt, templateId}}, ready for an
   * OpenAI-style request body.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(params);
    if (messages != null) {
      m.put("messages", messages);
    } else {
      m.put("prompt", text);
    }
    m.put("templateId", templateId);
    return m;
  }
}
