package dev.selene.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side rendering of {@code {{variable}}} placeholders, as the reference compiles templates
 * for the playground: the name between the braces is used as is (no trimming) and a missing or null
 * variable becomes the empty string. Only message texts are rendered; roles, tool calls and other
 * keys are kept.
 */
public final class TemplateRenderer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");

  private TemplateRenderer() {}

  /** Renders a text template (a string) or a chat template (an array of messages). */
  public static JsonNode render(JsonNode content, JsonNode variables) {
    if (content == null || content.isNull()) {
      return content;
    }
    if (content.isTextual()) {
      return TextNode.valueOf(render(content.asText(), variables));
    }
    if (!content.isArray()) {
      return content;
    }
    ArrayNode out = ((ArrayNode) content).deepCopy();
    for (JsonNode message : out) {
      if (message instanceof ObjectNode m) {
        renderMessage(m, variables);
      }
    }
    return out;
  }

  private static void renderMessage(ObjectNode message, JsonNode variables) {
    JsonNode text = message.get("content");
    if (text != null && text.isTextual()) {
      message.put("content", render(text.asText(), variables));
    } else if (text != null && text.isArray()) {
      for (JsonNode part : text) {
        if (part instanceof ObjectNode p && p.path("text").isTextual()) {
          p.put("text", render(p.get("text").asText(), variables));
        }
      }
    }
  }

  public static String render(String text, JsonNode variables) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(variables, m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(JsonNode variables, String name) {
    JsonNode v = variables == null ? null : variables.get(name);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
