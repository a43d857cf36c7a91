package dev.selene.server.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CostFormulaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ModelPrice price(ModelUnit unit, double input, double output, Double cached) {
    Instant t = Instant.parse("2020-01-01T00:00:00Z");
    return new ModelPrice(
        UUID.randomUUID(), "m", "^m$", unit, input, output, cached, null, null, t, null, t, t);
  }

  private static LlmUsage tokens(Integer prompt, Integer completion, int cached) {
    return new LlmUsage("m", Instant.now(), prompt, completion, cached, null, null, 1000);
  }

  @Test
  void tokens_noCache_inputAndOutputPerMillion() {
    // gpt-4o: 2.5 in / 10 out per 1M; 1000 prompt + 500 completion = 0.0025 + 0.005
    Double cost = CostFormula.cost(price(ModelUnit.TOKENS, 2.5, 10, 1.25), tokens(1000, 500, 0));
    assertThat(cost).isEqualTo(0.0075);
  }

  @Test
  void tokens_cachedPartOfPrompt_billedAtCachedPrice() {
    // 1000 prompt of which 800 cached: 200 * 2.5 + 800 * 1.25 + 500 * 10 = 6500 per 1M
    Double cost = CostFormula.cost(price(ModelUnit.TOKENS, 2.5, 10, 1.25), tokens(1000, 500, 800));
    assertThat(cost).isEqualTo(0.0065);
  }

  @Test
  void tokens_noCachedPrice_cachedBilledAtInputPrice() {
    Double cost = CostFormula.cost(price(ModelUnit.TOKENS, 2.5, 10, null), tokens(1000, 500, 800));
    assertThat(cost).isEqualTo(0.0075);
  }

  @Test
  void tokens_cachedMoreThanPrompt_promptTreatedAsExcludingCache() {
    // Anthropic-style usage: 100 uncached prompt tokens reported, 5000 read from the cache.
    Double cost = CostFormula.cost(price(ModelUnit.TOKENS, 3, 15, 0.3), tokens(100, 10, 5000));
    assertThat(cost).isCloseTo((100 * 3 + 5000 * 0.3 + 10 * 15) / 1e6, within(1e-12));
  }

  @Test
  void tokens_onlyCompletionKnown_promptCountsAsZero() {
    Double cost = CostFormula.cost(price(ModelUnit.TOKENS, 2.5, 10, null), tokens(null, 1000, 0));
    assertThat(cost).isEqualTo(0.01);
  }

  @Test
  void tokens_noTokenCounts_null() {
    assertThat(CostFormula.cost(price(ModelUnit.TOKENS, 2.5, 10, null), tokens(null, null, 0)))
        .isNull();
  }

  @Test
  void tokens_zeroTokens_zeroNotNull() {
    assertThat(CostFormula.cost(price(ModelUnit.TOKENS, 2.5, 10, null), tokens(0, 0, 0)))
        .isEqualTo(0.0);
  }

  @Test
  void cost_roundedToTenDecimals() {
    // 1 token at 1/3 USD per 1M = 3.333...e-7, kept to 10 decimals
    Double cost = CostFormula.cost(price(ModelUnit.TOKENS, 1.0 / 3, 0, null), tokens(1, 0, 0));
    assertThat(cost).isEqualTo(3.333e-7);
  }

  @Test
  void characters_countsTextOfStringsAndMessages() throws Exception {
    JsonNode input =
        JSON.readTree(
            "[{\"role\":\"user\",\"content\":\"héllo\"},{\"role\":\"user\",\"content\":\"abc\"}]");
    JsonNode output = JSON.readTree("{\"role\":\"assistant\",\"content\":\"12345678\"}");
    LlmUsage usage = new LlmUsage("m", Instant.now(), null, null, 0, input, output, 10);
    // 8 input characters at 1e6 per 1M = 8, 8 output characters at 2e6 per 1M = 16
    assertThat(CostFormula.cost(price(ModelUnit.CHARACTERS, 1e6, 2e6, null), usage))
        .isEqualTo(24.0);
  }

  @Test
  void characters_plainStringAndJson() throws Exception {
    LlmUsage usage =
        new LlmUsage(
            "m",
            Instant.now(),
            null,
            null,
            0,
            JSON.readTree("\"four\""),
            JSON.readTree("{\"a\":1}"),
            10);
    // "four" = 4 characters; {"a":1} as compact JSON = 7 characters
    assertThat(CostFormula.cost(price(ModelUnit.CHARACTERS, 1e6, 1e6, null), usage))
        .isEqualTo(11.0);
  }

  @Test
  void milliseconds_perMillionMilliseconds() {
    LlmUsage usage = new LlmUsage("m", Instant.now(), null, null, 0, null, null, 2_000);
    // 2,000 ms at 5 USD per 1M ms; Lunary would say 10,000 USD (no division)
    assertThat(CostFormula.cost(price(ModelUnit.MILLISECONDS, 5, 0, null), usage)).isEqualTo(0.01);
  }

  @Test
  void images_noImageCount_null() {
    assertThat(CostFormula.cost(price(ModelUnit.IMAGES, 40_000, 0, null), tokens(10, 10, 0)))
        .isNull();
  }
}
