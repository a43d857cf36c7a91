package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Values and shapes of the time series, on small hand-checked data, UTC buckets. */
class AnalyticsSeriesTest {
  private final AnalyticsClient client = new AnalyticsClient(TestServer.shared());

  private static final String DAYS =
      AnalyticsClient.range("2025-01-01T00:00:00.000Z", "2025-01-04T00:00:00.000Z", "UTC", "daily");

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  private static String points(JsonNode body) {
    StringBuilder out = new StringBuilder();
    for (JsonNode p : body.path("data")) {
      out.append(p.path("date").asText(), 0, 10)
          .append(' ')
          .append(p.path("name").isNull() ? "-" : p.path("name").asText())
          .append('=')
          .append(p.path("value").asText())
          .append("; ");
    }
    return out.toString().trim();
  }

  @Test
  void tokens_daily_sumsPerDayAndModelWithEmptyDaysAsZero() {
    client.ingest(Events.llm("a1", "gpt-4o", t("2025-01-01T10:00:00Z"), 2000, 10, 5, null));
    client.ingest(Events.llm("a2", "gpt-4o", t("2025-01-01T23:59:59Z"), 2000, 1, 1, null));
    client.ingest(Events.llm("a3", "claude-3", t("2025-01-03T08:00:00Z"), 1000, 100, 50, null));

    JsonNode body = client.get("tokens", DAYS);

    assertThat(body.toString())
        .isEqualTo(
            "{\"data\":["
                + "{\"date\":\"2025-01-01T00:00:00.000Z\",\"value\":17,\"name\":\"gpt-4o\"},"
                + "{\"date\":\"2025-01-02T00:00:00.000Z\",\"value\":0,\"name\":null},"
                + "{\"date\":\"2025-01-03T00:00:00.000Z\",\"value\":150,\"name\":\"claude-3\"}]}");
  }

  @Test
  void costs_sumPerDayAndName() {
    client.ingest(Events.llm("c1", "gpt-4o", t("2025-01-01T10:00:00Z"), 1000, 10, 5, null));
    client.ingest(Events.llm("c2", "gpt-4o", t("2025-01-01T11:00:00Z"), 1000, 10, 5, null));
    client.ingest(Events.llm("c3", "mini", t("2025-01-02T11:00:00Z"), 1000, 10, 5, null));
    client.sql("update run set cost = 0.1 where project_id = ?", client.project.id());

    assertThat(points(client.get("costs", DAYS)))
        .isEqualTo("2025-01-01 gpt-4o=0.2; 2025-01-02 mini=0.1; 2025-01-03 -=0.0;");
  }

  @Test
  void errors_countRunsWithAnErrorInEveryBucketWhateverTheGranularity() {
    Instant at = t("2025-01-02T09:00:00Z");
    client.ingest(
        "["
            + Events.start("tool", "e1", "search", at, "")
            + ","
            + Events.error("tool", "e1", at.plusSeconds(1))
            + ","
            + Events.start("tool", "e2", "search", at, "")
            + "]");

    assertThat(points(client.get("errors", DAYS)))
        .isEqualTo("2025-01-01 error=0; 2025-01-02 error=1; 2025-01-03 error=0;");
    JsonNode weekly =
        client.get(
            "errors",
            AnalyticsClient.range(
                "2024-12-23T00:00:00.000Z", "2025-01-13T00:00:00.000Z", "UTC", "weekly"));
    assertThat(points(weekly))
        .as("weekly buckets start on Monday; empty weeks are kept")
        .isEqualTo("2024-12-23 error=0; 2024-12-30 error=1; 2025-01-06 error=0;");
  }

  @Test
  void runs_countEveryRunType_emptyRangeGivesNoPoints() {
    assertThat(client.get("runs", DAYS).path("data")).isEmpty();

    client.ingest(Events.llm("r1", "gpt-4o", t("2025-01-01T10:00:00Z"), 1000, 1, 1, null));
    client.ingest(
        "[" + Events.start("agent", "r2", "planner", t("2025-01-03T10:00:00Z"), "") + "]");

    assertThat(points(client.get("runs", DAYS)))
        .isEqualTo("2025-01-01 Events=1; 2025-01-02 Events=0; 2025-01-03 Events=1;");
  }

  @Test
  void runTypes_perType_orPerTagWithFirstDimensionTags() {
    Instant at = t("2025-01-02T10:00:00Z");
    client.ingest(
        "["
            + Events.start("llm", "t1", "gpt-4o", at, "\"tags\":[\"prod\",\"beta\"]")
            + ","
            + Events.start("tool", "t2", "search", at, "\"tags\":[\"prod\"]")
            + ","
            + Events.start("tool", "t3", "search", at, "")
            + "]");

    assertThat(points(client.get("run-types", DAYS)))
        .isEqualTo("2025-01-01 -=0; 2025-01-02 llm=1; 2025-01-02 tool=2; 2025-01-03 -=0;");
    assertThat(points(client.get("run-types", DAYS + "&firstDimension=tags")))
        .isEqualTo("2025-01-01 -=0; 2025-01-02 beta=1; 2025-01-02 prod=2; 2025-01-03 -=0;");
  }

  @Test
  void feedback_thumbsAndRatioPerBucket_weeklyThumbsDownIsRight() {
    Instant at = t("2025-01-02T10:00:00Z");
    client.ingest(Events.llm("f1", "m", at, 1000, 1, 1, null));
    client.ingest(Events.llm("f2", "m", at, 1000, 1, 1, null));
    client.ingest(Events.llm("f3", "m", at, 1000, 1, 1, null));
    client.ingest(
        "["
            + Events.feedback("f1", "up", at.plusSeconds(60))
            + ","
            + Events.feedback("f2", "down", at.plusSeconds(60))
            + ","
            + Events.feedback("f3", "down", t("2025-01-05T00:00:00Z"))
            + "]");

    assertThat(points(client.get("feedback/thumb/up", DAYS)))
        .isEqualTo("2025-01-01 Thumbs Up=0; 2025-01-02 Thumbs Up=1; 2025-01-03 Thumbs Up=0;");
    assertThat(points(client.get("feedback/thumb/down", DAYS)))
        .as("feedback counts in the bucket of the run, even when it came later")
        .isEqualTo("2025-01-01 Thumbs Down=0; 2025-01-02 Thumbs Down=2; 2025-01-03 Thumbs Down=0;");
    String week =
        AnalyticsClient.range(
            "2024-12-30T00:00:00.000Z", "2025-01-06T00:00:00.000Z", "UTC", "weekly");
    assertThat(points(client.get("feedback/thumb/down", week)))
        .isEqualTo("2024-12-30 Thumbs Down=2;");
    assertThat(points(client.get("feedback-ratio", DAYS)))
        .isEqualTo(
            "2025-01-01 Ratio=0.0; 2025-01-02 Ratio=-0.3333333333333333; 2025-01-03 Ratio=0.0;");
  }

  @Test
  void threads_andCustomEvents_countedPerBucket_withMetricSumAndAverage() {
    Instant at = t("2025-01-02T10:00:00Z");
    client.ingest(
        "["
            + Events.chat("th1", "m1", "user", at, "u1")
            + ","
            + Events.customEvent("th1", "ce1", "rated", at.plusSeconds(5), "{\"score\":4}")
            + ","
            + Events.customEvent("th1", "ce2", "rated", at.plusSeconds(6), "{\"score\":1}")
            + ","
            + Events.customEvent("th1", "ce3", "opened", at.plusSeconds(7), "{}")
            + "]");

    assertThat(points(client.get("threads", DAYS)))
        .isEqualTo("2025-01-01 Count=0; 2025-01-02 Count=1; 2025-01-03 Count=0;");
    assertThat(points(client.get("custom-events", DAYS)))
        .isEqualTo("2025-01-01 -=0; 2025-01-02 opened=1; 2025-01-02 rated=2; 2025-01-03 -=0;");
    assertThat(points(client.get("custom-events", DAYS + "&custom-events=rated")))
        .isEqualTo("2025-01-01 -=0; 2025-01-02 rated=2; 2025-01-03 -=0;");
    JsonNode metric = client.get("custom-events", DAYS + "&custom-events=rated&metric=score");
    assertThat(metric.path("data").get(1).toString())
        .isEqualTo(
            "{\"date\":\"2025-01-02T00:00:00.000Z\",\"value\":2,\"name\":\"rated\","
                + "\"metric\":\"score\",\"sum\":5.0,\"average\":2.5}");
  }

  @Test
  void latency_percentilesPerBucketAndAverageLlmLatency() {
    Instant at = t("2025-01-02T10:00:00Z");
    for (int i = 1; i <= 4; i++) {
      client.ingest(Events.llm("l" + i, "m", at.plusSeconds(i), 1000L * i, 1, 1, null));
    }

    JsonNode body = client.get("latency", DAYS);

    assertThat(points(body))
        .isEqualTo(
            "2025-01-01 p50=0.0; 2025-01-01 p75=0.0; 2025-01-01 p90=0.0; 2025-01-01 p95=0.0;"
                + " 2025-01-01 p99=0.0; 2025-01-02 p50=2.5; 2025-01-02 p75=3.25;"
                + " 2025-01-02 p90=3.7; 2025-01-02 p95=3.85; 2025-01-02 p99=3.97;"
                + " 2025-01-03 p50=0.0; 2025-01-03 p75=0.0; 2025-01-03 p90=0.0;"
                + " 2025-01-03 p95=0.0; 2025-01-03 p99=0.0;");
    assertThat(body.path("stat").asDouble()).isEqualTo(2.5);
  }

  @Test
  void users_activeNewAndAverageCost() {
    Instant day2 = t("2025-01-02T10:00:00Z");
    client.ingest(Events.llm("u1a", "m", day2, 1000, 1, 1, "alice"));
    client.ingest(Events.llm("u1b", "m", day2.plusSeconds(60), 1000, 1, 1, "alice"));
    client.ingest(Events.llm("u2a", "m", day2, 1000, 1, 1, "bob"));
    client.ingest(Events.llm("u3a", "m", t("2025-01-03T10:00:00Z"), 1000, 1, 1, "bob"));
    client.sql(
        "update run set cost = 0.5 where project_id = ? and id::text like '%'",
        client.project.id());
    // alice was first seen just before her runs; bob long before
    client.sql(
        "update external_user set created_at = ? where project_id = ? and external_id = 'alice'",
        java.sql.Timestamp.from(day2.minusSeconds(3600)),
        client.project.id());
    client.sql(
        "update external_user set created_at = ? where project_id = ? and external_id = 'bob'",
        java.sql.Timestamp.from(t("2024-06-01T00:00:00Z")),
        client.project.id());

    JsonNode active = client.get("users/active", DAYS);
    assertThat(points(active))
        .isEqualTo("2025-01-01 Count=0; 2025-01-02 Count=2; 2025-01-03 Count=1;");
    assertThat(active.path("stat").asLong()).isEqualTo(2);
    JsonNode fresh = client.get("users/new", DAYS);
    assertThat(points(fresh))
        .isEqualTo("2025-01-01 Count=0; 2025-01-02 Count=1; 2025-01-03 Count=0;");
    assertThat(fresh.path("stat").asLong()).isEqualTo(1);
    JsonNode cost = client.get("users/average-cost", DAYS);
    assertThat(points(cost))
        .as("(alice 1.0 + bob 0.5) / 2 on day 2, bob alone on day 3, empty day 1 left out")
        .isEqualTo("2025-01-02 Cost=0.75; 2025-01-03 Cost=0.5;");
    assertThat(cost.path("stat").asDouble()).isEqualTo(1.0);
  }

  @Test
  void usersActive_byPlanAndDate_distinctUsersPerDayAndPlan_onRollupsAndRawAlike() {
    Instant day2 = t("2025-01-02T10:00:00Z");
    client.ingest(Events.llm("p1", "m", day2, 1000, 1, 1, "alice"));
    client.ingest(Events.llm("p2", "m", day2.plusSeconds(3600), 1000, 1, 1, "alice"));
    client.ingest(Events.llm("p3", "m", day2, 1000, 1, 1, "bob"));
    client.ingest(Events.llm("p4", "m", day2, 1000, 1, 1, "carol"));
    client.ingest(Events.llm("p5", "m", t("2025-01-03T10:00:00Z"), 1000, 1, 1, "alice"));
    client.sql(
        "update external_user set props = '{\"plan\":\"pro\"}' where project_id = ?"
            + " and external_id in ('alice', 'bob')",
        client.project.id());

    for (int pass = 0; pass < 2; pass++) {
      JsonNode body =
          client.get("users/active", DAYS + "&firstDimension=plan&secondDimension=date");
      // alice counts once on day 2 although she ran in two hours; carol has no plan
      assertThat(points(body))
          .isEqualTo(
              "2025-01-01 Unknown=0; 2025-01-02 Unknown=1; 2025-01-02 pro=2; 2025-01-03 pro=1;");
      assertThat(body.path("stat").asLong()).isEqualTo(3);
      client.catchUp();
    }
  }

  @Test
  void usersActive_byPlanAndDate_oddValues_countAsOneValueEach_onRollupsAndRawAlike() {
    Instant day2 = t("2025-01-02T10:00:00Z");
    for (String user : new String[] {"ann", "ben", "cy", "dee", "eve"}) {
      client.ingest(Events.llm("odd-" + user, "m", day2, 1000, 1, 1, user));
    }
    String setPlan =
        "update external_user set props = ?::jsonb where project_id = ? and external_id = ?";
    client.sql(setPlan, "{\"plan\":\"team, annual\"}", client.project.id(), "ann");
    client.sql(setPlan, "{\"plan\":\"team, annual\"}", client.project.id(), "eve");
    client.sql(setPlan, "{\"plan\":\"Unknown\"}", client.project.id(), "ben");
    client.sql(setPlan, "{\"plan\":7}", client.project.id(), "dee");

    for (int pass = 0; pass < 2; pass++) {
      JsonNode body =
          client.get("users/active", DAYS + "&firstDimension=plan&secondDimension=date");
      // a plan spelled "Unknown" is the same value as no plan (cy); a number is its text
      assertThat(points(body))
          .isEqualTo(
              "2025-01-01 Unknown=0; 2025-01-02 7=1; 2025-01-02 Unknown=2;"
                  + " 2025-01-02 team, annual=2; 2025-01-03 Unknown=0;");
      assertThat(body.path("stat").asLong()).isEqualTo(5);
      client.catchUp();
    }
  }

  @Test
  void filters_applyToSeries_onRollupsAndRawAlike() {
    Instant at = t("2025-01-02T10:00:00Z");
    client.ingest(Events.llm("x1", "gpt-4o", at, 1000, 10, 0, null));
    client.ingest(Events.llm("x2", "mini", at, 1000, 20, 0, null));
    client.ingest("[" + Events.start("tool", "x3", "search", at, "\"tags\":[\"t\"]") + "]");

    String expected = "2025-01-01 -=0; 2025-01-02 Events=1; 2025-01-03 -=0;";
    for (int pass = 0; pass < 2; pass++) {
      assertThat(points(client.get("runs", DAYS + "&models=mini")).replace("Events=0", "-=0"))
          .isEqualTo(expected.replace("-=0", "-=0"));
      assertThat(points(client.get("tokens", DAYS + "&type=llm&models=gpt-4o")))
          .isEqualTo("2025-01-01 -=0; 2025-01-02 gpt-4o=10; 2025-01-03 -=0;");
      assertThat(points(client.get("run-types", DAYS + "&tags=t")))
          .isEqualTo("2025-01-01 -=0; 2025-01-02 tool=1; 2025-01-03 -=0;");
      client.catchUp();
    }
  }
}
