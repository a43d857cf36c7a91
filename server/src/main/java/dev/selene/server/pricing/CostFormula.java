package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cost of one call at one price. Prices are USD per 1,000,000 units whatever the unit (Lunary
 * multiplies per-millisecond prices by the raw duration, without the /1e6 its own schema documents:
 * Selene divides, as for every other unit).
 */
final class CostFormula {
  private static final double PER_UNIT = 1_000_000d;

  private CostFormula() {}

  /** USD rounded to 10 decimals, or null when the usage says nothing this unit can price. */
  static Double cost(ModelPrice price, LlmUsage usage) {
    Double usd =
        switch (price.unit()) {
          case TOKENS -> tokens(price, usage);
          case CHARACTERS -> characters(price, usage);
          case MILLISECONDS -> price.inputCost() * Math.max(0, usage.durationMillis()) / PER_UNIT;
          // The usage carries no image count: better no cost than a made-up one.
          case IMAGES -> null;
        };
    return usd == null ? null : Math.round(usd * 1e10) / 1e10;
  }

  /**
   * Cached prompt tokens are part of the prompt count, as OpenAI's usage reports them (and as the
   * Lunary SDKs forward them): they are billed at the cached price and the rest of the prompt at
   * the input price. A cached count larger than the prompt can only mean the prompt excluded them
   * (Anthropic's raw usage does), so then the whole prompt is billed at the input price.
   */
  private static Double tokens(ModelPrice price, LlmUsage usage) {
    if (usage.promptTokens() == null && usage.completionTokens() == null) {
      return null;
    }
    long prompt = nonNegative(usage.promptTokens());
    long completion = nonNegative(usage.completionTokens());
    long cached = Math.max(0, usage.cachedPromptTokens());
    long uncached = cached <= prompt ? prompt - cached : prompt;
    double cachedPrice =
        price.cachedInputCost() != null ? price.cachedInputCost() : price.inputCost();
    return (price.inputCost() * uncached + cachedPrice * cached + price.outputCost() * completion)
        / PER_UNIT;
  }

  private static Double characters(ModelPrice price, LlmUsage usage) {
    long in = Texts.characters(usage.input());
    long out = Texts.characters(usage.output());
    return (price.inputCost() * in + price.outputCost() * out) / PER_UNIT;
  }

  private static long nonNegative(Integer value) {
    return value == null ? 0 : Math.max(0, value);
  }

  /** What a per-character price counts: the text the model read or wrote, not JSON framing. */
  static final class Texts {
    private Texts() {}

    static long characters(JsonNode node) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return 0;
      }
      if (node.isTextual()) {
        String s = node.textValue();
        return s.codePointCount(0, s.length());
      }
      if (node.isArray()) {
        long sum = 0;
        for (JsonNode element : node) {
          sum += characters(element);
        }
        return sum;
      }
      if (node.isObject()) {
        JsonNode content = node.get("content");
        if (content != null && !content.isNull()) {
          return characters(content);
        }
        JsonNode text = node.get("text");
        if (text != null && text.isTextual()) {
          return characters(text);
        }
      }
      String json = node.toString();
      return json.codePointCount(0, json.length());
    }
  }
}
