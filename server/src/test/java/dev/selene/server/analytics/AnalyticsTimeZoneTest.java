package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Buckets are local days, weeks (from Monday), months and hours of the requested zone, across
 * daylight-saving changes, whether the answer comes from raw runs or from hourly rollups.
 */
class AnalyticsTimeZoneTest {
  private final AnalyticsClient client = new AnalyticsClient(TestServer.shared());

  private void runsAt(String... instants) {
    StringBuilder events = new StringBuilder("[");
    for (int i = 0; i < instants.length; i++) {
      events
          .append(i == 0 ? "" : ",")
          .append(Events.start("tool", "tz-" + i, "search", Instant.parse(instants[i]), ""));
    }
    client.ingest(events.append("]").toString());
  }

  /** "date=value" per bucket, read twice: from raw runs, then after the rollups caught up. */
  private List<String> series(String start, String end, String zone, String granularity) {
    String query = AnalyticsClient.range(start, end, zone, granularity);
    String raw = compact(client.get("runs", query));
    client.catchUp();
    String rolledUp = compact(client.get("runs", query));
    assertThat(rolledUp).as("from rollups").isEqualTo(raw);
    return List.of(raw.split(" "));
  }

  private static String compact(JsonNode body) {
    StringBuilder out = new StringBuilder();
    for (JsonNode p : body.path("data")) {
      out.append(out.length() == 0 ? "" : " ")
          .append(p.path("date").asText())
          .append('=')
          .append(p.path("value").asLong());
    }
    return out.toString();
  }

  @Test
  void daily_springForwardInParis_localMidnightsBoundA23HourDay() {
    runsAt(
        "2025-03-29T22:59:59Z", // Sat 29 23:59:59 CET
        "2025-03-29T23:00:00Z", // Sun 30 00:00 CET
        "2025-03-30T21:59:59Z", // Sun 30 23:59:59 CEST
        "2025-03-30T22:00:00Z"); // Mon 31 00:00 CEST

    assertThat(series("2025-03-28T23:00:00Z", "2025-04-01T22:00:00Z", "Europe/Paris", "daily"))
        .containsExactly(
            "2025-03-28T23:00:00.000Z=1",
            "2025-03-29T23:00:00.000Z=2",
            "2025-03-30T22:00:00.000Z=1",
            "2025-03-31T22:00:00.000Z=0");
  }

  @Test
  void hourly_fallBackInNewYork_repeatedLocalHourIsTwoBuckets() {
    runsAt("2025-11-02T05:30:00Z", "2025-11-02T06:30:00Z"); // 01:30 EDT, then 01:30 EST

    assertThat(series("2025-11-02T04:00:00Z", "2025-11-02T08:00:00Z", "America/New_York", "hourly"))
        .containsExactly(
            "2025-11-02T04:00:00.000Z=0",
            "2025-11-02T05:00:00.000Z=1",
            "2025-11-02T06:00:00.000Z=1",
            "2025-11-02T07:00:00.000Z=0");
  }

  @Test
  void hourly_springForwardInNewYork_skippedLocalHourHasNoBucket() {
    runsAt("2025-03-09T06:59:00Z", "2025-03-09T07:00:00Z"); // 01:59 EST, 03:00 EDT

    assertThat(series("2025-03-09T06:00:00Z", "2025-03-09T08:00:00Z", "America/New_York", "hourly"))
        .containsExactly("2025-03-09T06:00:00.000Z=1", "2025-03-09T07:00:00.000Z=1");
  }

  @Test
  void daily_fallBackInNewYork_a25HourDay() {
    runsAt("2025-11-02T04:00:00Z", "2025-11-03T04:59:59Z"); // Nov 2 00:00 EDT, 23:59:59 EST

    assertThat(series("2025-11-01T04:00:00Z", "2025-11-04T05:00:00Z", "America/New_York", "daily"))
        .containsExactly(
            "2025-11-01T04:00:00.000Z=0",
            "2025-11-02T04:00:00.000Z=2",
            "2025-11-03T05:00:00.000Z=0");
  }

  @Test
  void weekly_localWeekStartsMonday() {
    runsAt("2025-01-05T14:00:00Z", "2025-01-05T16:00:00Z"); // Sun 23:00 JST, Mon 01:00 JST

    assertThat(series("2024-12-29T15:00:00Z", "2025-01-12T15:00:00Z", "Asia/Tokyo", "weekly"))
        .containsExactly("2024-12-29T15:00:00.000Z=1", "2025-01-05T15:00:00.000Z=1");
  }

  @Test
  void monthly_localMonthAcrossDaylightSaving() {
    runsAt("2025-03-01T07:59:59Z", "2025-03-01T08:00:00Z", "2025-04-01T06:59:59Z");

    assertThat(
            series(
                "2025-02-01T08:00:00Z", "2025-04-01T07:00:00Z", "America/Los_Angeles", "monthly"))
        .as("Feb 28 23:59:59 PST, Mar 1 00:00 PST, Mar 31 23:59:59 PDT")
        .containsExactly("2025-02-01T08:00:00.000Z=1", "2025-03-01T08:00:00.000Z=2");
  }

  @Test
  void daily_halfHourOffsetZone_localDaysFromRawRuns() {
    runsAt("2025-01-01T18:29:59Z", "2025-01-01T18:30:00Z"); // Jan 1 23:59:59 IST, Jan 2 00:00 IST

    assertThat(series("2024-12-31T18:30:00Z", "2025-01-02T18:30:00Z", "Asia/Kolkata", "daily"))
        .containsExactly("2024-12-31T18:30:00.000Z=1", "2025-01-01T18:30:00.000Z=1");
  }

  @Test
  void daily_midnightSkippedBySpringForward_dayStartsAtFirstLocalInstant() {
    // Santiago moves from -04 to -03 at local midnight: 2025-09-07 starts at 01:00 -03
    runsAt("2025-09-07T03:59:59Z", "2025-09-07T04:00:00Z");

    assertThat(series("2025-09-06T04:00:00Z", "2025-09-08T03:00:00Z", "America/Santiago", "daily"))
        .containsExactly("2025-09-06T04:00:00.000Z=1", "2025-09-07T04:00:00.000Z=1");
  }

  @Test
  void partialEdgeHours_countedExactlyAroundRollups() {
    runsAt(
        "2025-05-01T10:05:00Z",
        "2025-05-01T10:20:00Z",
        "2025-05-01T12:40:00Z",
        "2025-05-01T12:50:00Z");

    assertThat(series("2025-05-01T10:10:00Z", "2025-05-01T12:45:00Z", "UTC", "daily"))
        .as("only the runs in [10:10, 12:45)")
        .containsExactly("2025-05-01T00:00:00.000Z=2");
  }
}
