package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import org.junit.jupiter.api.Test;

class AnalyticsSeriesTest {
  private final AnalyticsClient client = new AnalyticsClient(TestServer.shared());

  private void llm(String id, String model, String start, String end, int prompt, int completion) {
    client.ingest(
        """
        [{"type":"llm","event":"start","runId":"%1$s","name":"%2$s","timestamp":"%3$s","input":"hi"},
         {"type":"llm","event":"end","runId":"%1$s","timestamp":"%4$s","output":"yo",
          "tokensUsage":{"prompt":%5$d,"completion":%6$d}}]
        """
            .formatted(id, model, start, end, prompt, completion));
  }

  @Test
  void tokens_daily_sumsPerDayAndModelWithEmptyDaysAsZero() {
    llm("a1", "gpt-4o", "2025-01-01T10:00:00Z", "2025-01-01T10:00:02Z", 10, 5);
    llm("a2", "gpt-4o", "2025-01-01T23:59:59Z", "2025-01-02T00:00:01Z", 1, 1);
    llm("a3", "claude-3", "2025-01-03T08:00:00Z", "2025-01-03T08:00:01Z", 100, 50);

    JsonNode body =
        client.get(
            "tokens",
            AnalyticsClient.range(
                "2025-01-01T00:00:00.000Z", "2025-01-04T00:00:00.000Z", "UTC", "daily"));

    assertThat(body.toString())
        .isEqualTo(
            "{\"data\":["
                + "{\"date\":\"2025-01-01T00:00:00.000Z\",\"value\":17,\"name\":\"gpt-4o\"},"
                + "{\"date\":\"2025-01-02T00:00:00.000Z\",\"value\":0,\"name\":null},"
                + "{\"date\":\"2025-01-03T00:00:00.000Z\",\"value\":150,\"name\":\"claude-3\"}]}");
  }
}
