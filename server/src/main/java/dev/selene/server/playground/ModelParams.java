package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * Model parameters as each model family accepts them, following the reference: newer OpenAI models
 * take {@code max_completion_tokens} instead of {@code max_tokens}, GPT-5 only temperature 1,
 * {@code reasoning_effort} only reasoning models, {@code thinking} only Claude. Provider calls send
 * only parameters the protocol knows.
 */
final class ModelParams {
  private static final Set<String> OPENAI_PARAMS =
      Set.of(
          "temperature",
          "top_p",
          "max_tokens",
          "max_completion_tokens",
          "stop",
          "tools",
          "tool_choice",
          "parallel_tool_calls",
          "functions",
          "function_call",
          "seed",
          "response_format",
          "reasoning_effort",
          "frequency_penalty",
          "presence_penalty",
          "logit_bias",
          "logprobs",
          "top_logprobs",
          "user");

  private ModelParams() {}

  /** The reference's normalisation, all keys kept (what custom endpoints receive as extra). */
  static ObjectNode normalized(String model, ObjectNode extra) {
    ObjectNode out = extra.deepCopy();
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    boolean gpt5 = m.startsWith("gpt-5");
    boolean reasoning = gpt5 || m.matches("^o[134]([-.].*)?$");
    if ((gpt5 || m.startsWith("gpt-4.1") || reasoning) && out.has("max_tokens")) {
      if (!out.has("max_completion_tokens")) {
        out.set("max_completion_tokens", out.get("max_tokens"));
      }
      out.remove("max_tokens");
    }
    if (gpt5 && out.has("temperature")) {
      out.put("temperature", 1);
    }
    if (!reasoning) {
      out.remove("reasoning_effort");
    }
    if (!m.contains("claude")) {
      out.remove("thinking");
    }
    return out;
  }

  /** Parameters of an OpenAI chat-completions request. */
  static ObjectNode openAi(String model, ObjectNode extra) {
    ObjectNode normalized = normalized(model, extra);
    normalized.retain(OPENAI_PARAMS);
    return normalized;
  }

  static Integer intValue(JsonNode node) {
    return node != null && node.canConvertToInt() && node.isNumber() ? node.asInt() : null;
  }
}
