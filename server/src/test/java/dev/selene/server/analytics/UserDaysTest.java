package dev.selene.server.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.analytics.Scope.Source;
import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The end-user routes read from the per-user day rollup ({@link UserDays}) equal the same routes
 * over raw runs, in zones whose local days start on UTC midnight, on another UTC hour, inside a UTC
 * hour, and across daylight-saving changes (Europe/London's 23- and 25-hour days), in days, weeks
 * and months, while days are dirty, after late events, deletes and a user's erasure; the worker
 * keeps the day rows equal to the hourly ones; and the day rows are what is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserDaysTest {
  private static final int USERS = 40;

  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);
  private final Analytics analytics = new Analytics(server.db(), new TimeZones(server.db()));
  private final ObjectMapper json = server.server().services().json();
  private final Random random = new Random(21);
  private int next;

  private static final List<String> RANGES =
      List.of(
          AnalyticsClient.range("2025-03-20T00:00:00Z", "2025-04-08T00:00:00Z", "UTC", "daily"),
          AnalyticsClient.range("2025-03-20T05:17:00Z", "2025-04-07T13:01:02.345Z", "UTC", "daily"),
          // as the dashboard asks: from a local midnight to now-ish
          AnalyticsClient.range(
              "2025-03-19T23:00:00Z", "2025-04-07T12:34:56.789Z", "Europe/Paris", "daily"),
          AnalyticsClient.range(
              "2025-03-24T00:00:00Z", "2025-04-06T00:00:00Z", "Europe/London", "daily"),
          AnalyticsClient.range(
              "2025-10-20T00:00:00Z", "2025-11-04T00:00:00Z", "Europe/London", "daily"),
          AnalyticsClient.range(
              "2025-10-19T22:00:00Z", "2025-11-04T00:00:00Z", "Europe/Paris", "daily"),
          AnalyticsClient.range(
              "2025-03-20T00:00:00Z", "2025-04-08T00:00:00Z", "Asia/Kolkata", "daily"),
          AnalyticsClient.range(
              "2025-03-20T00:00:00Z", "2025-04-08T00:00:00Z", "America/New_York", "daily"),
          AnalyticsClient.range(
              "2025-03-17T00:00:00Z", "2025-04-08T00:00:00Z", "Europe/Paris", "weekly"),
          AnalyticsClient.range(
              "2025-10-13T00:00:00Z", "2025-11-05T00:00:00Z", "Europe/London", "weekly"),
          AnalyticsClient.range("2025-03-01T00:00:00Z", "2025-12-01T00:00:00Z", "UTC", "monthly"),
          AnalyticsClient.range(
              "2025-03-01T00:00:00Z", "2025-12-01T00:00:00Z", "Asia/Kolkata", "monthly"),
          AnalyticsClient.range(
              "2025-03-29T00:00:00Z", "2025-04-01T00:00:00Z", "Europe/London", "hourly"));

  private static final List<String> ROUTES =
      List.of(
          "users/active",
          "users/new",
          "users/average-cost",
          "users/active|firstDimension=plan&secondDimension=date",
          "users/new|firstDimension=plan&secondDimension=date");

  @BeforeAll
  void ingest() {
    List<String> events = new ArrayList<>();
    window(
        events, Instant.parse("2025-03-20T00:00:00Z"), Instant.parse("2025-04-08T00:00:00Z"), 700);
    window(
        events, Instant.parse("2025-10-20T00:00:00Z"), Instant.parse("2025-11-05T00:00:00Z"), 400);
    for (Instant at : boundaries()) {
      events.addAll(run(at, user()));
    }
    java.util.Collections.shuffle(events, random);
    for (int i = 0; i < events.size(); i += 50) {
      client.ingest(
          "[" + String.join(",", events.subList(i, Math.min(events.size(), i + 50))) + "]");
    }
    // first seen at varied times, so that 'new' windows start and end inside the ranges
    for (int u = 0; u < USERS; u++) {
      client.sql(
          "update external_user set created_at = ? where project_id = ? and external_id = ?",
          Instant.parse("2025-03-18T00:00:00Z")
              .plus(u * 13L, ChronoUnit.HOURS)
              .plusMillis(u * 7919L)
              .atOffset(ZoneOffset.UTC),
          client.project.id(),
          "d" + u);
    }
  }

  @Test
  @Order(1)
  void beforeTheWorkerRan_readsEqualRaw() {
    assertAllEqual();
  }

  @Test
  @Order(2)
  void afterCatchUp_dayRowsAreTheHourlyRowsAndReadsEqualRaw() {
    client.catchUp();
    assertThat(count("select count(*) from rollup_dirty where project_id = ?")).isZero();
    assertThat(count("select count(*) from rollup_user_daily where project_id = ?")).isPositive();
    assertDayRowsMatchRuns();
    assertThat(
            UserDays.applies(
                Scope.of(
                    client.project.id(),
                    new Range(
                        Instant.parse("2025-03-20T00:00:00Z"),
                        Instant.parse("2025-04-08T00:00:00Z")),
                    AnalyticsFilter.none(),
                    Source.AUTO),
                new Bucketing.Local(
                    Granularity.DAILY,
                    "Europe/Paris",
                    Instant.parse("2025-03-20T00:00:00Z"),
                    Instant.parse("2025-04-08T00:00:00Z"))))
        .isTrue();
    assertAllEqual();
  }

  @Test
  @Order(3)
  void dirtyDays_lateEventsDeletesAndErasure_equalRawBeforeAndAfterCatchUp() {
    // late runs into days aggregated long ago, one of them a new user's first
    List<String> late = new ArrayList<>();
    late.addAll(run(Instant.parse("2025-03-25T22:59:59.999Z"), "d3"));
    late.addAll(run(Instant.parse("2025-03-25T23:00:00Z"), "late-user"));
    late.addAll(run(Instant.parse("2025-03-30T00:30:00Z"), "d5"));
    late.addAll(run(Instant.parse("2025-10-26T00:59:59.999Z"), "d6"));
    client.ingest("[" + String.join(",", late) + "]");
    client.sql(
        "delete from run where project_id = ? and id in (select id from run where project_id = ?"
            + " order by id limit 25)",
        client.project.id(),
        client.project.id());
    client.sql(
        "update run set cost = 0.5 where project_id = ? and created_at >= '2025-03-27'"
            + " and created_at < '2025-03-28' and type = 'llm'",
        client.project.id());
    long erased = userId("d9");
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + client.project.privateKey())
        .delete("/v1/external-users/" + erased)
        .then()
        .statusCode(204);
    assertThat(count("select count(*) from rollup_dirty where project_id = ?")).isPositive();

    assertAllEqual();
    client.catchUp();
    assertDayRowsMatchRuns();
    assertThat(
            count(
                "select count(*) from rollup_user_daily where project_id = ?"
                    + " and external_user_id = "
                    + erased))
        .as("the erased user's day rows")
        .isZero();
    assertAllEqual();
  }

  /**
   * A user added to one day row changes the counts of exactly the buckets the row's times fall in,
   * in zones where that day is read from day rows; not where it is not (a dirty day, a day with a
   * daylight-saving change), and not once the worker rewrote the day.
   */
  @Test
  @Order(4)
  void caughtUp_dayRowsAreWhatIsRead() {
    client.catchUp();
    String utc =
        AnalyticsClient.range("2025-03-20T00:00:00Z", "2025-04-08T00:00:00Z", "UTC", "daily");
    String paris =
        AnalyticsClient.range(
            "2025-03-19T23:00:00Z", "2025-04-07T12:34:56.789Z", "Europe/Paris", "daily");
    String london =
        AnalyticsClient.range(
            "2025-03-24T00:00:00Z", "2025-04-06T00:00:00Z", "Europe/London", "daily");
    JsonNode utcBefore = client.get("users/active", utc);
    JsonNode parisBefore = client.get("users/active", paris);
    JsonNode londonBefore = client.get("users/active", london);
    JsonNode costBefore = client.get("users/average-cost", utc);

    // a phantom user on 25 March (Paris: UTC+1, its midnight at 23:00 UTC) with runs before
    // and after that boundary, and one on 30 March, London's 23-hour day
    tamper("2025-03-25", "2025-03-25T10:00:00Z", "2025-03-25T23:30:00Z");
    tamper("2025-03-30", "2025-03-30T12:00:00Z", "2025-03-30T12:00:00Z");
    JsonNode utcTampered = client.get("users/active", utc);
    JsonNode parisTampered = client.get("users/active", paris);
    JsonNode londonTampered = client.get("users/active", london);

    assertThat(delta(utcBefore, utcTampered))
        .as("UTC days: one more user on 25 and 30 March")
        .containsExactly("2025-03-25 1", "2025-03-30 1", "stat 1");
    assertThat(delta(parisBefore, parisTampered))
        .as(
            "Paris: the row's first run is on 25 March local time, its last on 26 March; 30 March"
                + " (offset change) read from hourly rows. Labels are local midnights in UTC")
        .containsExactly("2025-03-24 1", "2025-03-25 1", "stat 1");
    assertThat(delta(londonBefore, londonTampered))
        .as("London: 25 March read from the day row, 30 March (offset change) from hourly rows")
        .containsExactly("2025-03-25 1", "stat 1");
    assertThat(client.get("users/average-cost", utc))
        .as("the divisor of the average cost too")
        .isNotEqualTo(costBefore);

    client.sql(
        "insert into rollup_dirty (project_id, hour) values (?, '2025-03-25T04:00:00Z')",
        client.project.id());
    assertThat(delta(utcBefore, client.get("users/active", utc)))
        .as("25 March dirty: read from hourly rows and raw runs")
        .containsExactly("2025-03-30 1", "stat 1");
    client.catchUp();
    assertThat(delta(utcBefore, client.get("users/active", utc)))
        .as("the worker rewrote the day rows of the users of that hour only")
        .containsExactly("2025-03-25 1", "2025-03-30 1", "stat 1");
    client.sql(
        "delete from rollup_user_daily where project_id = ? and external_user_id = -7",
        client.project.id());
    assertThat(client.get("users/active", utc)).isEqualTo(utcBefore);

    // a real user's day row gone wrong is rewritten with any hour of that user and day
    client.sql(
        "update rollup_user_daily set first_at = day - interval '1 hour'"
            + " where project_id = ? and day = '2025-03-26T00:00:00Z' and external_user_id ="
            + " (select min(external_user_id) from rollup_user_daily where project_id = ?"
            + " and day = '2025-03-26T00:00:00Z')",
        client.project.id(),
        client.project.id());
    client.sql(
        "insert into rollup_dirty (project_id, hour) select project_id, selene_hour(last_at)"
            + " from rollup_user_daily where project_id = ? and day = '2025-03-26T00:00:00Z'"
            + " and first_at < day",
        client.project.id());
    assertThat(
            count("select count(*) from rollup_user_daily where project_id = ? and first_at < day"))
        .isOne();
    client.catchUp();
    assertDayRowsMatchRuns();
  }

  @Test
  @Order(5)
  void caughtUp_userCostRowsAreWhatTheAverageCostReads() {
    client.catchUp();
    String paris =
        AnalyticsClient.range(
            "2025-03-19T23:00:00Z", "2025-04-07T12:34:56.789Z", "Europe/Paris", "daily");
    JsonNode before = client.get("users/average-cost", paris);
    String someHour =
        "(select min(hour) from rollup_user_cost_hourly where project_id = ?"
            + " and hour >= '2025-03-26T00:00:00Z' and cost > 0)";
    client.sql(
        "update rollup_user_cost_hourly set cost = cost + 1000 where project_id = ? and hour = "
            + someHour,
        client.project.id(),
        client.project.id());
    JsonNode tampered = client.get("users/average-cost", paris);
    client.sql(
        "update rollup_user_cost_hourly set cost = cost - 1000 where project_id = ?"
            + " and cost >= 1000",
        client.project.id());
    assertThat(tampered.path("stat").asDouble()).isGreaterThan(before.path("stat").asDouble());
    assertThat(client.get("users/average-cost", paris)).isEqualTo(before);
  }

  /** Adds user -7 to the day row table of {@code day} with the given first and last run. */
  private void tamper(String day, String first, String last) {
    client.sql(
        "insert into rollup_user_daily (project_id, day, external_user_id, first_at, last_at)"
            + " values (?, ?, -7, ?, ?)",
        client.project.id(),
        Instant.parse(day + "T00:00:00Z").atOffset(ZoneOffset.UTC),
        Instant.parse(first).atOffset(ZoneOffset.UTC),
        Instant.parse(last).atOffset(ZoneOffset.UTC));
  }

  /** The points (by UTC date of their label) and stat that differ, with the difference. */
  private static List<String> delta(JsonNode before, JsonNode after) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < after.path("data").size(); i++) {
      long d =
          after.path("data").get(i).path("value").asLong()
              - before.path("data").get(i).path("value").asLong();
      if (d != 0) {
        out.add(after.path("data").get(i).path("date").asText().substring(0, 10) + " " + d);
      }
    }
    long stat = after.path("stat").asLong() - before.path("stat").asLong();
    if (stat != 0) {
      out.add("stat " + stat);
    }
    return out;
  }

  /**
   * Day rows are the aggregate of the runs with a user per UTC day, and so the aggregate of the
   * hourly user rows; hourly costs are the cost of the runs with a user per hour.
   */
  private void assertDayRowsMatchRuns() {
    String runs =
        "select selene_day(created_at) as day, external_user_id,"
            + " min(created_at) as first_at, max(created_at) as last_at from run"
            + " where project_id = ? and external_user_id is not null and created_at is not null"
            + " group by 1, 2";
    String days =
        "select day, external_user_id, first_at, last_at from rollup_user_daily"
            + " where project_id = ?";
    String hours =
        "select selene_day(hour), external_user_id, min(first_at), max(last_at)"
            + " from rollup_user_hourly where project_id = ? group by 1, 2";
    assertSameRows(runs, days);
    assertSameRows(hours, days);
    String costs =
        "select selene_hour(created_at) as hour, coalesce(sum(cost::numeric), 0) as cost from run"
            + " where project_id = ? and external_user_id is not null and created_at is not null"
            + " group by 1";
    assertSameRows(costs, "select hour, cost from rollup_user_cost_hourly where project_id = ?");
  }

  private void assertSameRows(String expected, String actual) {
    assertThat(count("select count(*) from ((" + expected + ") except all (" + actual + ")) x"))
        .as("rows of " + expected + " missing from " + actual)
        .isZero();
    assertThat(count("select count(*) from ((" + actual + ") except all (" + expected + ")) x"))
        .as("rows of " + actual + " not in " + expected)
        .isZero();
  }

  private void assertAllEqual() {
    for (String range : RANGES) {
      for (String r : ROUTES) {
        String route = r.contains("|") ? r.substring(0, r.indexOf('|')) : r;
        String query = r.contains("|") ? range + "&" + r.substring(r.indexOf('|') + 1) : range;
        JsonNode viaHttp = client.get(route, query);
        JsonNode raw = reparse(analytics.answer(route, client.project.id(), query, Source.RAW));
        assertThat(viaHttp).as(route + "?" + query).isEqualTo(raw);
      }
    }
  }

  /** {@code count} runs at random times of [from, to), a user for most. */
  private void window(List<String> events, Instant from, Instant to, int count) {
    long span = to.getEpochSecond() - from.getEpochSecond();
    for (int i = 0; i < count; i++) {
      Instant at =
          from.plusSeconds((long) (random.nextDouble() * span)).plusMillis(random.nextInt(1000));
      events.addAll(run(at, user()));
    }
  }

  /** A priced LLM call (start and end events) at {@code at}, by {@code user} (null: none). */
  private List<String> run(Instant at, String user) {
    String id = "ud-" + (next++);
    String extra =
        user == null
            ? ""
            : "\"userId\":\""
                + user
                + "\",\"userProps\":{\"plan\":\""
                + (user.hashCode() % 3 == 0 ? "pro" : "free")
                + "\"}";
    return List.of(
        Events.start("llm", id, random.nextBoolean() ? "gpt-4o" : "gpt-4o-mini", at, extra),
        Events.end(
            "llm", id, at.plusMillis(200 + random.nextInt(5000)), 100 + random.nextInt(900), 50));
  }

  private String user() {
    return random.nextInt(6) == 0 ? null : "d" + random.nextInt(USERS);
  }

  /**
   * Instants on and around local midnights of the zones above (1 ms before, on, 1 ms after) on the
   * days of the windows, and around their 2025 offset changes.
   */
  private static List<Instant> boundaries() {
    List<Instant> out = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2025-03-20");
        d.isBefore(LocalDate.parse("2025-04-08"));
        d = d.plusDays(1)) {
      days.add(d);
    }
    for (LocalDate d = LocalDate.parse("2025-10-20");
        d.isBefore(LocalDate.parse("2025-11-05"));
        d = d.plusDays(1)) {
      days.add(d);
    }
    for (String name :
        List.of("UTC", "Europe/Paris", "Europe/London", "Asia/Kolkata", "America/New_York")) {
      ZoneId zone = ZoneId.of(name);
      for (LocalDate d : days) {
        Instant midnight = d.atStartOfDay(zone).toInstant();
        out.addAll(List.of(midnight.minusMillis(1), midnight, midnight.plusMillis(1)));
      }
      for (ZoneOffsetTransition t =
              zone.getRules().nextTransition(Instant.parse("2025-01-01T00:00:00Z"));
          t != null && t.getInstant().isBefore(Instant.parse("2026-01-01T00:00:00Z"));
          t = zone.getRules().nextTransition(t.getInstant())) {
        out.addAll(
            List.of(t.getInstant().minusMillis(1), t.getInstant(), t.getInstant().plusMillis(1)));
      }
    }
    return out;
  }

  private long userId(String externalId) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id from external_user where project_id = ? and external_id = ?")) {
      ps.setObject(1, client.project.id());
      ps.setString(2, externalId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** The single number {@code sql} returns, with every parameter the project. */
  private long count(String sql) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
        ps.setObject(i, client.project.id());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode reparse(Object body) {
    try {
      return AnalyticsClient.parse(json.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
