package dev.selene.sdk.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.input.PromptTemplate;
import dev.selene.sdk.RenderedTemplate;
import dev.selene.sdk.Selene;
import dev.selene.sdk.SeleneException;
import dev.selene.sdk.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Selene (Lunary) prompt templates as LangChain4j values: the JS and Python SDKs' {@code
 * getLangChainTemplate} / {@code get_langchain_template}, in LangChain4j's terms.
 *
 * <pre>{@code
 * // a text template, variables left for LangChain4j to fill ({{name}} is its syntax too)
 * PromptTemplate prompt = SeleneTemplates.promptTemplate(selene, "poem");
 * String text = model.chat(prompt.apply(Map.of("topic", "the sea")).text());
 *
 * // a chat template, rendered into LangChain4j messages
 * RenderedTemplate t = selene.renderTemplate("support-prompt", Map.of("name", "Ann"));
 * try (Scope s = t.use()) {                       // the LLM run records the template version
 *   ChatResponse r = model.chat(SeleneTemplates.messages(t));
 * }
 * }</pre>
 */
public final class SeleneTemplates {
  private SeleneTemplates() {}

  /**
   * The latest version of the text template {@code slug} as a LangChain4j {@link PromptTemplate}.
   *
   * @throws SeleneException when it cannot be fetched
   * @throws IllegalArgumentException when it is a chat template (use {@link #messages})
   */
  public static PromptTemplate promptTemplate(Selene selene, String slug) {
    return promptTemplate(selene.template(slug));
  }

  /** A fetched text template as a LangChain4j {@link PromptTemplate}. */
  public static PromptTemplate promptTemplate(Template template) {
    if (!(template.content() instanceof String)) {
      throw new IllegalArgumentException(
          "Template '" + template.slug() + "' is a chat template: use SeleneTemplates.messages");
    }
    // Selene ignores spaces inside the braces; LangChain4j's variable names do not have them
    return PromptTemplate.from(
        ((String) template.content()).replaceAll("\\{\\{\\s*(.*?)\\s*}}", "{{$1}}"));
  }

  /**
   * The chat template {@code slug} rendered with {@code variables} into LangChain4j messages.
   *
   * @throws SeleneException when it cannot be fetched
   */
  public static List<ChatMessage> messages(Selene selene, String slug, Map<String, ?> variables) {
    return messages(selene.renderTemplate(slug, variables));
  }

  /**
   * A rendered chat template as LangChain4j messages: {@code system}, {@code user} and {@code
   * assistant} roles become {@link SystemMessage}, {@link UserMessage} and {@link AiMessage}.
   *
   * @throws IllegalArgumentException for a text template, or a message with another role
   */
  public static List<ChatMessage> messages(RenderedTemplate template) {
    if (!template.isChat()) {
      throw new IllegalArgumentException(
          "Template '" + template.slug() + "' is a text template: use its text()");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (Map<String, Object> m : template.messages()) {
      Object role = m.get("role");
      Object content = m.get("content");
      String text = content == null ? "" : content.toString();
      if ("system".equals(role)) {
        out.add(SystemMessage.from(text));
      } else if ("user".equals(role)) {
        out.add(UserMessage.from(text));
      } else if ("assistant".equals(role)) {
        out.add(AiMessage.from(text));
      } else {
        throw new IllegalArgumentException(
            "Template '"
                + template.slug()
                + "': a message with role '"
                + role
                + "' has no LangChain4j equivalent");
      }
    }
    return out;
  }
}
