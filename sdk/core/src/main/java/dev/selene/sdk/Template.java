package dev.selene.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest version of a prompt template as the server returns it: {@code GET
 * /v1/template_versions/latest?slug=…} gives {@code {id, content, extra}}.
 */
public final class Template {
  private final String slug;
  private final String id;
  private final Object content;
  private final Map<String, Object> extra;

  Template(String slug, String id, Object content, Map<String, Object> extra) {
    this.slug = slug;
    this.id = id;
    this.content = content;
    this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  public String slug() {
    return slug;
  }

  /** The template version id: LLM runs made with it carry it as {@code templateId}. */
  public String id() {
    return id;
  }

  /** A string (text template) or a list of {@code {role, content}} maps (chat template). */
  public Object content() {
    return content;
  }

  /** Model parameters stored with the template: {@code model}, {@code temperature}… */
  public Map<String, Object> extra() {
    return extra;
  }

  /** This template with its {@code {{variables}}} filled in (as {@link Selene#renderTemplate}). */
  public RenderedTemplate render(Map<String, ?> variables) {
    return Templates.render(this, variables);
  }
}
