package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import io.restassured.RestAssured;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/runs/usage} and the analytics agree on tokens and cost for the same runs. */
class UsageAgreementTest {
  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);

  @Test
  void usageOfTheLastDays_equalsAnalyticsTotalsPerModel_overallAndPerUser() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String[] models = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"};
    for (int i = 0; i < 30; i++) {
      Instant at = now.minus(1 + i % 5, ChronoUnit.DAYS).plusSeconds(i * 37L);
      client.ingest(
          Events.llm(
              "usage-" + i,
              models[i % 3],
              at,
              800 + i,
              100 + i,
              20 + i,
              i % 2 == 0 ? "ann" : "ben"));
    }
    client.catchUp();
    String range =
        "startDate="
            + now.minus(7, ChronoUnit.DAYS)
            + "&endDate="
            + now.plus(1, ChronoUnit.MINUTES)
            + "&timeZone=UTC";

    Map<String, double[]> usage = usage("days=7");
    Map<String, double[]> analytics = perModel(client.get("models/top", range));

    assertThat(usage.keySet()).containsExactlyInAnyOrder(models);
    assertAgree(usage, analytics);
    Map<String, double[]> series = new TreeMap<>();
    for (JsonNode p : client.get("tokens", range + "&granularity=daily").path("data")) {
      if (!p.path("name").isNull()) {
        series.computeIfAbsent(p.path("name").asText(), k -> new double[3])[0] +=
            p.path("value").asLong();
      }
    }
    for (JsonNode p : client.get("costs", range + "&granularity=daily").path("data")) {
      if (!p.path("name").isNull()) {
        series.computeIfAbsent(p.path("name").asText(), k -> new double[3])[2] +=
            p.path("value").asDouble();
      }
    }
    usage.forEach(
        (model, u) -> {
          assertThat(series.get(model)[0]).as(model + " tokens").isEqualTo(u[0] + u[1]);
          assertThat(series.get(model)[2]).as(model + " cost").isCloseTo(u[2], within(1e-12));
        });

    long ann = userId("ann");
    assertAgree(
        usage("days=7&userId=" + ann),
        perModel(client.get("models/top", range + "&userId=" + ann)));
  }

  private static void assertAgree(Map<String, double[]> usage, Map<String, double[]> analytics) {
    assertThat(analytics.keySet()).isEqualTo(usage.keySet());
    usage.forEach(
        (model, u) -> {
          double[] a = analytics.get(model);
          assertThat(a[0]).as(model + " prompt tokens").isEqualTo(u[0]);
          assertThat(a[1]).as(model + " completion tokens").isEqualTo(u[1]);
          assertThat(u[2]).as(model + " is priced").isPositive();
          // usage sums float costs, analytics exact decimals: the same to the last cent of a cent
          assertThat(a[2]).as(model + " cost").isCloseTo(u[2], within(1e-12));
        });
  }

  /** LLM usage per model: prompt tokens, completion tokens, cost. */
  private Map<String, double[]> usage(String query) {
    String body =
        RestAssured.given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + client.project.privateKey())
            .get("/v1/runs/usage?" + query)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Map<String, double[]> out = new TreeMap<>();
    for (JsonNode row : AnalyticsClient.parse(body)) {
      if ("llm".equals(row.path("type").asText())) {
        out.put(
            row.path("name").asText(),
            new double[] {
              row.path("promptTokens").asLong(),
              row.path("completionTokens").asLong(),
              row.path("cost").asDouble()
            });
      }
    }
    return out;
  }

  private static Map<String, double[]> perModel(JsonNode top) {
    Map<String, double[]> out = new TreeMap<>();
    for (JsonNode m : top) {
      out.put(
          m.path("name").asText(),
          new double[] {
            m.path("promptTokens").asLong(),
            m.path("completionTokens").asLong(),
            m.path("cost").asDouble()
          });
    }
    return out;
  }

  private long userId(String externalId) {
    try (var c = server.db().getConnection();
        var ps =
            c.prepareStatement(
                "select id from external_user where project_id = ? and external_id = ?")) {
      ps.setObject(1, client.project.id());
      ps.setString(2, externalId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
