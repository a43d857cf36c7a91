package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Counts tokens the way the model's tokenizer would, for LLM runs whose SDK sent no usage. Uses the
 * model's encoding when known (o200k for GPT-4o/4.1/5 and o-series, cl100k otherwise).
 */
public interface TokenCounter {
  /**
   * Tokens of a prompt: a string, a chat message array, or any JSON; {@code params} may add tools.
   */
  int countPrompt(String model, JsonNode input, JsonNode params);

  /** Tokens of a completion: a string, a message, a message array or any JSON. */
  int countCompletion(String model, JsonNode output);
}
