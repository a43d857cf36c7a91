package dev.selene.server.analytics;

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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Analytics answered from rollups (and the raw edges and dirty hours around them) are exactly the
 * analytics computed from raw runs alone, on generated data sent out of order, then after late
 * events, updates and deletes; and the buckets agree with an independent java.time computation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollupEqualityTest {
  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);
  private final Analytics analytics = new Analytics(server.db(), new TimeZones(server.db()));
  private final ObjectMapper json = server.server().services().json();
  private final GeneratedRuns generated = new GeneratedRuns(7);

  /** Ranges: whole hours and odd edges, hour-aligned zones (rollups) and a half-hour one (raw). */
  private static final List<String> RANGES =
      List.of(
          AnalyticsClient.range("2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "UTC", "daily"),
          AnalyticsClient.range(
              "2025-03-05T07:13:00Z", "2025-04-04T18:47:12.345Z", "Europe/Paris", "daily"),
          AnalyticsClient.range(
              "2025-03-08T00:00:00Z", "2025-03-11T00:00:00Z", "America/New_York", "hourly"),
          AnalyticsClient.range(
              "2025-10-20T00:00:00Z", "2025-11-10T00:00:00Z", "America/New_York", "weekly"),
          AnalyticsClient.range(
              "2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "Asia/Kolkata", "daily"),
          AnalyticsClient.range("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "UTC", "monthly"));

  private static final List<String> SERIES_ROUTES =
      List.of(
          "tokens",
          "costs",
          "errors",
          "runs",
          "run-types",
          "run-types|firstDimension=tags",
          "latency",
          "threads",
          "users/active",
          "users/active|firstDimension=plan&secondDimension=date",
          "users/active|firstDimension=plan&secondDimension=plan",
          "users/new|firstDimension=plan&secondDimension=date",
          "users/new",
          "users/average-cost",
          "feedback/thumb/up",
          "feedback/thumb/down",
          "feedback-ratio",
          "custom-events",
          "custom-events|metric=score",
          "models/top",
          "agents/top");

  private static final List<String> FILTERED_ROUTES =
      List.of("tokens", "runs", "latency", "run-types", "users/active", "models/top");

  private List<String> filters;

  @BeforeAll
  void ingest() {
    generated
        .window(
            Instant.parse("2025-03-05T00:00:00Z"),
            Instant.parse("2025-04-05T00:00:00Z"),
            60,
            150,
            25)
        .window(
            Instant.parse("2025-10-25T00:00:00Z"),
            Instant.parse("2025-11-08T00:00:00Z"),
            25,
            60,
            10);
    for (String batch : generated.batches(40)) {
      client.ingest(batch);
    }
    long someUser =
        longValue("select min(id) from external_user where project_id = ? and external_id = 'u3'");
    filters =
        List.of(
            "type=llm",
            "models=gpt-4o,claude-3-5-sonnet",
            "OR&status=error&type=tool",
            "tags=a",
            "users=" + someUser,
            "status=error",
            "type=trace",
            "feedback=%257B%2522thumb%2522%253A%2522down%2522%257D",
            "user-props=plan.pro",
            "date=gt.2025-03-20T00:00:00%2E000Z");
  }

  @Test
  @Order(1)
  void beforeTheWorkerRan_readsEqualRaw() {
    assertAllEqual();
  }

  @Test
  @Order(2)
  void afterCatchUp_rollupsAreBuiltAndReadsEqualRaw() {
    client.catchUp();

    assertThat(longValue("select count(*) from rollup_dirty where project_id = ?")).isZero();
    assertThat(longValue("select count(*) from rollup_hourly where project_id = ?")).isPositive();
    assertThat(longValue("select count(*) from rollup_user_hourly where project_id = ?"))
        .isPositive();
    assertThat(
            Facts.usesRollups(
                Scope.of(
                    client.project.id(),
                    new Range(
                        Instant.parse("2025-03-05T00:00:00Z"),
                        Instant.parse("2025-04-05T00:00:00Z")),
                    AnalyticsFilter.none(),
                    Source.AUTO),
                null,
                RunFacts.spec(List.of(), List.of(RunFacts.Measure.RUNS))))
        .isTrue();
    assertAllEqual();
  }

  @Test
  @Order(3)
  void lateEventsUpdatesAndDeletes_equalRawBeforeAndAfterCatchUp() {
    List<String> late = new ArrayList<>();
    for (String typeAndId : generated.unfinished) {
      String[] parts = typeAndId.split(" ");
      late.add(Events.end(parts[0], parts[1], Instant.parse("2025-04-06T00:00:00Z"), 7, 3));
    }
    for (int i = 0; i < generated.runIds.size(); i += 9) {
      late.add(Events.feedback(generated.runIds.get(i), i % 2 == 0 ? "up" : "down", Instant.now()));
    }
    late.add(Events.end("llm", "late-start", Instant.parse("2025-03-20T10:00:05Z"), 5, 5));
    client.ingest("[" + String.join(",", late) + "]");
    // the start of that run arrives much later, into an hour aggregated long ago
    client.ingest(
        "["
            + Events.start("llm", "late-start", "gpt-4o", Instant.parse("2025-03-20T10:00:00Z"), "")
            + "]");
    client.sql(
        "delete from run where project_id = ? and id in (select id from run where project_id = ?"
            + " and type = 'llm' order by id limit 15)",
        client.project.id(),
        client.project.id());
    client.sql(
        "update run set cost = 0.125 where project_id = ? and type = 'llm' and name = 'gpt-4o-mini'",
        client.project.id());
    assertThat(longValue("select count(*) from rollup_dirty where project_id = ?")).isPositive();

    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(4)
  void caughtUp_rollupRowsAreWhatIsRead() {
    client.catchUp();
    String query =
        AnalyticsClient.range("2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "UTC", "monthly");
    long before = client.get("runs", query).path("data").get(0).path("value").asLong();

    client.sql(
        "update rollup_hourly set runs = runs + 1000 where ctid = (select ctid from rollup_hourly"
            + " where project_id = ? and hour >= '2025-03-05' and hour < '2025-04-05' limit 1)",
        client.project.id());
    long tampered = client.get("runs", query).path("data").get(0).path("value").asLong();
    client.sql(
        "insert into rollup_dirty (project_id, hour) select project_id, hour from rollup_hourly"
            + " where project_id = ? and runs >= 1000",
        client.project.id());
    long marked = client.get("runs", query).path("data").get(0).path("value").asLong();

    assertThat(tampered).as("read from the rollup row").isEqualTo(before + 1000);
    assertThat(marked).as("a dirty hour is read raw").isEqualTo(before);
    client.catchUp();
    assertThat(client.get("runs", query).path("data").get(0).path("value").asLong())
        .isEqualTo(before);
  }

  @Test
  @Order(5)
  void runsPerBucket_matchJavaTimeBuckets_inEveryZoneAndGranularity() {
    client.catchUp();
    List<Instant> created = new ArrayList<>();
    forEachRow(
        "select created_at from run where project_id = ? and created_at is not null",
        rs -> created.add(rs.getTimestamp(1).toInstant()));
    for (String zone :
        List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")) {
      for (Granularity g : Granularity.values()) {
        Instant start = Instant.parse("2025-03-05T00:00:00Z");
        Instant end =
            g == Granularity.HOURLY
                ? Instant.parse("2025-03-12T00:00:00Z")
                : Instant.parse("2025-11-09T00:00:00Z");
        String query = AnalyticsClient.range(start.toString(), end.toString(), zone, g.wireName());
        Map<String, Long> actual = new TreeMap<>();
        for (JsonNode p : client.get("runs", query).path("data")) {
          actual.put(p.path("date").asText(), p.path("value").asLong());
        }
        assertThat(actual)
            .as(zone + " " + g)
            .isEqualTo(JavaBuckets.count(created, start, end, ZoneId.of(zone), g));
      }
    }
  }

  private void assertAllEqual() {
    List<String> queries = new ArrayList<>();
    for (String range : RANGES) {
      for (String route : SERIES_ROUTES) {
        queries.add(
            route.contains("|") ? route.replace("|", "|" + range + "&") : route + "|" + range);
      }
    }
    for (String range : RANGES.subList(0, 3)) {
      for (String filter : filters) {
        for (String route : FILTERED_ROUTES) {
          queries.add(route + "|" + filter + "&" + range);
        }
      }
    }
    for (String q : queries) {
      String route = q.substring(0, q.indexOf('|'));
      String query = q.substring(q.indexOf('|') + 1);
      JsonNode viaHttp = client.get(route, query);
      JsonNode raw = reparse(analytics.answer(route, client.project.id(), query, Source.RAW));
      assertThat(firstDifference(viaHttp, raw)).as(route + "?" + query).isNull();
    }
    for (String range : RANGES) {
      assertThat(agents(client.get("agents/top", range)))
          .as("agents/top?" + range)
          .isEqualTo(recursiveAgentsWalk(range));
    }
    String org = "startDate=2025-03-05T07:13:00Z&endDate=2025-04-04T18:47:12Z";
    JsonNode viaHttp =
        AnalyticsClient.parse(
            client.request("org/models/top", org, client.project.orgKey()).asString());
    assertThat(viaHttp)
        .isEqualTo(reparse(analytics.orgModels(client.project.orgId(), org, Source.RAW)));
  }

  /** agents/top items as {@code name cost prompt completion total} lines. */
  private static List<String> agents(JsonNode body) {
    List<String> out = new ArrayList<>();
    for (JsonNode a : body.path("data")) {
      out.add(
          a.path("name").asText()
              + " "
              + a.path("cost").asDouble()
              + " "
              + a.path("promptTokens").asLong()
              + " "
              + a.path("completionTokens").asLong()
              + " "
              + a.path("totalTokens").asLong());
    }
    return out;
  }

  /**
   * agents/top as a plain recursive UNION walk of the parent links, one run at a time (the
   * definition the level-at-a-time query of TopQueries must agree with), in the same format.
   */
  private List<String> recursiveAgentsWalk(String range) {
    Map<String, String> params = new TreeMap<>();
    for (String kv : range.split("&")) {
      params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    String sql =
        "with recursive roots as (select r.id, r.name, r.cost, r.prompt_tokens,"
            + " r.completion_tokens from run r where r.project_id = ? and r.created_at >= ?"
            + " and r.created_at < ? and r.type in ('agent', 'chain') and (r.parent_run_id is null"
            + " or exists (select 1 from run p where p.project_id = r.project_id"
            + " and p.id = r.parent_run_id and p.type = 'chat'))),"
            + " tree as (select id, name as agent, cost, prompt_tokens, completion_tokens"
            + " from roots union select c.id, t.agent, c.cost, c.prompt_tokens,"
            + " c.completion_tokens from tree t join run c on c.project_id = ?"
            + " and c.parent_run_id = t.id and c.created_at is not null)"
            + " select t.agent, coalesce(sum(t.cost::numeric), 0) as cost,"
            + " coalesce(sum(t.prompt_tokens), 0) as p, coalesce(sum(t.completion_tokens), 0) as c"
            + " from tree t group by t.agent order by cost desc, t.agent nulls last";
    List<String> out = new ArrayList<>();
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, client.project.id());
      ps.setObject(2, java.time.OffsetDateTime.parse(params.get("startDate")));
      ps.setObject(3, java.time.OffsetDateTime.parse(params.get("endDate")));
      ps.setObject(4, client.project.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              rs.getString(1)
                  + " "
                  + rs.getBigDecimal(2).doubleValue()
                  + " "
                  + rs.getLong(3)
                  + " "
                  + rs.getLong(4)
                  + " "
                  + (rs.getLong(3) + rs.getLong(4)));
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    assertThat(out).as("generated traces in " + range).isNotEmpty();
    return out;
  }

  /** The body as the HTTP layer would send it, read back. */
  private JsonNode reparse(Object body) {
    try {
      return AnalyticsClient.parse(json.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** Where two bodies first differ (for a readable failure), or null when equal. */
  private static String firstDifference(JsonNode actual, JsonNode expected) {
    if (actual.equals(expected)) {
      return null;
    }
    JsonNode a = actual.has("data") ? actual.get("data") : actual;
    JsonNode e = expected.has("data") ? expected.get("data") : expected;
    for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
      if (!a.path(i).equals(e.path(i))) {
        return "item "
            + i
            + ": got "
            + a.path(i)
            + " "
            + a.path(i).path("value").getClass().getSimpleName()
            + ", raw runs give "
            + e.path(i)
            + " "
            + e.path(i).path("value").getClass().getSimpleName();
      }
    }
    return "got " + actual + ", raw runs give " + expected;
  }

  private long longValue(String sql) {
    long[] out = new long[1];
    forEachRow(sql, rs -> out[0] = rs.getLong(1));
    return out[0];
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private void forEachRow(String sql, RowReader reader) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, client.project.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
