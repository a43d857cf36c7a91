package dev.selene.server.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TiktokenCounterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TiktokenCounter counter = new TiktokenCounter();

  /** The example conversation of OpenAI's cookbook "How to count tokens with tiktoken". */
  private static final String COOKBOOK_MESSAGES =
      """
      [
        {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
        {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
        {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
        {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
        {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
        {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
      ]
      """;

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void countPrompt_cookbookMessages_matchesOpenAiUsageForGpt4() throws Exception {
    // The cookbook reports 129 prompt tokens from the API for gpt-3.5-turbo/gpt-4 (cl100k)...
    assertThat(counter.countPrompt("gpt-4-0613", json(COOKBOOK_MESSAGES), null)).isEqualTo(129);
    assertThat(counter.countPrompt("gpt-3.5-turbo", json(COOKBOOK_MESSAGES), null)).isEqualTo(129);
  }

  @Test
  void countPrompt_cookbookMessages_matchesOpenAiUsageForGpt4o() throws Exception {
    // ...and 124 for gpt-4o and gpt-4o-mini (o200k).
    assertThat(counter.countPrompt("gpt-4o", json(COOKBOOK_MESSAGES), null)).isEqualTo(124);
    assertThat(counter.countPrompt("gpt-4o-mini", json(COOKBOOK_MESSAGES), null)).isEqualTo(124);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gpt-4|tiktoken is great!|6",
        "claude-3-5-sonnet-20241022|tiktoken is great!|6",
        "some-unknown-model|hello world|2",
        "gpt-4o|hello world|2",
        "gpt-4|antidisestablishmentarianism|6",
      })
  void countPrompt_string_tokensOfTheText(String model, String text, int expected) {
    assertThat(counter.countPrompt(model, JSON.getNodeFactory().textNode(text), null))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} uses {1}")
  @CsvSource({
    "gpt-4o, o200k_base",
    "gpt-4o-mini-2024-07-18, o200k_base",
    "chatgpt-4o-latest, o200k_base",
    "openai/gpt-4.1, o200k_base",
    "gpt-4.5-preview, o200k_base",
    "gpt-5, o200k_base",
    "gpt-5.1-codex, o200k_base",
    "o1, o200k_base",
    "o1-preview, o200k_base",
    "o3-mini, o200k_base",
    "o4-mini-2025-04-16, o200k_base",
    "gpt-4, cl100k_base",
    "gpt-4-turbo, cl100k_base",
    "gpt-3.5-turbo, cl100k_base",
    "claude-sonnet-4-5, cl100k_base",
    "o10-model, cl100k_base",
    "llama-3.3-70b-versatile, cl100k_base",
  })
  void encodingName_byModelFamily(String model, String expected) {
    assertThat(TiktokenCounter.encodingName(model)).isEqualTo(expected);
  }

  @Test
  void countPrompt_encodingMatters_o200kTokenizesJapaneseMoreTightly() {
    JsonNode text = JSON.getNodeFactory().textNode("こんにちは世界、今日はいい天気ですね。");
    assertThat(counter.countPrompt("gpt-4o", text, null)).isEqualTo(9);
    assertThat(counter.countPrompt("gpt-4", text, null)).isEqualTo(16);
  }

  @Test
  void countPrompt_nameField_addsOneTokenPlusItsText() throws Exception {
    int without =
        counter.countPrompt("gpt-4", json("[{\"role\":\"user\",\"content\":\"hi\"}]"), null);
    int with =
        counter.countPrompt(
            "gpt-4", json("[{\"role\":\"user\",\"name\":\"bob\",\"content\":\"hi\"}]"), null);
    // 3 per message + "user" (1) + "hi" (1) + 3 priming = 8; "bob" is 1 token, +1 for a name
    assertThat(without).isEqualTo(8);
    assertThat(with).isEqualTo(10);
  }

  @Test
  void countPrompt_nonStringValues_countedAsCompactJson() throws Exception {
    JsonNode parts = json("[{\"type\":\"text\",\"text\":\"hi\"}]");
    int expected =
        3
            + 1
            + counter.countPrompt("gpt-4", JSON.getNodeFactory().textNode(parts.toString()), null)
            + 3;
    JsonNode messages = json("[{\"role\":\"user\",\"content\":" + parts + "}]");
    assertThat(counter.countPrompt("gpt-4", messages, null)).isEqualTo(expected);
  }

  @Test
  void countPrompt_toolsInParams_addTheirJsonTokens() throws Exception {
    JsonNode messages = json("[{\"role\":\"user\",\"content\":\"weather in Paris?\"}]");
    JsonNode tools =
        json(
            "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]");
    int plain = counter.countPrompt("gpt-4o", messages, json("{\"temperature\":0}"));
    int withTools =
        counter.countPrompt("gpt-4o", messages, JSON.createObjectNode().set("tools", tools));
    int toolTokens =
        counter.countPrompt("gpt-4o", JSON.getNodeFactory().textNode(tools.toString()), null);
    assertThat(withTools).isEqualTo(plain + toolTokens);
  }

  @Test
  void countPrompt_objectInput_compactJsonTokens() throws Exception {
    JsonNode input = json("{ \"question\" : \"why?\" }");
    int compact =
        counter.countPrompt(
            "gpt-4", JSON.getNodeFactory().textNode("{\"question\":\"why?\"}"), null);
    assertThat(counter.countPrompt("gpt-4", input, null)).isEqualTo(compact);
  }

  @Test
  void countPrompt_singleMessageObject_countedAsConversation() throws Exception {
    assertThat(counter.countPrompt("gpt-4", json("{\"role\":\"user\",\"content\":\"hi\"}"), null))
        .isEqualTo(8);
  }

  @Test
  void countPrompt_nullInput_zero() {
    assertThat(counter.countPrompt("gpt-4", null, null)).isZero();
    assertThat(counter.countPrompt("gpt-4", JSON.nullNode(), null)).isZero();
  }

  @Test
  void countPrompt_specialTokenText_countedAsOrdinaryText() {
    JsonNode text = JSON.getNodeFactory().textNode("<|endoftext|>");
    assertThat(counter.countPrompt("gpt-4", text, null)).isGreaterThan(1);
  }

  @Test
  void countCompletion_string_tokensOfTheText() {
    assertThat(
            counter.countCompletion("gpt-4", JSON.getNodeFactory().textNode("tiktoken is great!")))
        .isEqualTo(6);
  }

  @Test
  void countCompletion_message_contentTokensWithoutRole() throws Exception {
    JsonNode message = json("{\"role\":\"assistant\",\"content\":\"tiktoken is great!\"}");
    assertThat(counter.countCompletion("gpt-4", message)).isEqualTo(6);
  }

  @Test
  void countCompletion_toolCalls_addTheirJson() throws Exception {
    String calls =
        "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]";
    JsonNode message =
        json("{\"role\":\"assistant\",\"content\":null,\"toolCalls\":" + calls + "}");
    int callTokens =
        counter.countCompletion("gpt-4o", JSON.getNodeFactory().textNode(json(calls).toString()));
    assertThat(counter.countCompletion("gpt-4o", message)).isEqualTo(callTokens).isPositive();
  }

  @Test
  void countCompletion_arrayOfMessages_sum() throws Exception {
    JsonNode messages =
        json(
            "[{\"role\":\"assistant\",\"content\":\"tiktoken is great!\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello world\"}]");
    assertThat(counter.countCompletion("gpt-4", messages)).isEqualTo(8);
  }

  @Test
  void countCompletion_textObject_tokensOfText() throws Exception {
    assertThat(counter.countCompletion("gpt-4", json("{\"text\":\"hello world\"}"))).isEqualTo(2);
  }

  @Test
  void countPrompt_concurrentCallers_sameAnswers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results =
          IntStream.range(0, 64)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              counter.countPrompt(
                                  i % 2 == 0 ? "gpt-4o" : "gpt-4", json(COOKBOOK_MESSAGES), null)))
              .toList();
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? 124 : 129);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
