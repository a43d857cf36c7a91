package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.analytics.Scope.Source;
import dev.selene.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Re-aggregation racing with ingestion into the same hours loses no change: once the last pass is
 * done, answers read from rollups alone equal answers from raw runs.
 */
class RollupConcurrencyTest {
  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);
  private final Analytics analytics = new Analytics(server.db(), new TimeZones(server.db()));
  private final ObjectMapper json = server.server().services().json();

  @Test
  void passesRacingIngestion_loseNoChange() throws Exception {
    Instant hour = Instant.parse("2025-07-01T10:00:00Z");
    AtomicBoolean ingesting = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> passes =
          pool.submit(
              () -> {
                while (ingesting.get()) {
                  client.catchUp();
                }
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    String id = "race-" + writer + "-" + i;
                    Instant at = hour.plusSeconds(i * 60L + writer).plusSeconds(3600L * (i % 3));
                    client.ingest("[" + Events.start("llm", id, "gpt-4o", at, "") + "]");
                    client.ingest("[" + Events.end("llm", id, at.plusMillis(300 + i), i, 1) + "]");
                    client.ingest("[" + Events.feedback(id, i % 2 == 0 ? "up" : "down", at) + "]");
                  }
                }));
      }
      for (Future<?> f : writers) {
        f.get(120, TimeUnit.SECONDS);
      }
      ingesting.set(false);
      passes.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    client.catchUp();

    String range =
        AnalyticsClient.range("2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z", "UTC", "hourly");
    for (String route :
        List.of("tokens", "runs", "latency", "feedback/thumb/up", "feedback/thumb/down")) {
      JsonNode rolledUp = client.get(route, range);
      JsonNode raw =
          AnalyticsClient.parse(
              json.writeValueAsString(
                  analytics.answer(route, client.project.id(), range, Source.RAW)));
      assertThat(rolledUp).as(route).isEqualTo(raw);
    }
    assertThat(client.get("runs", range).path("data").get(10).path("value").asLong()).isEqualTo(28);
  }
}
