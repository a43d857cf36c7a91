package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
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

  /**
   * Ranges: whole hours and odd edges, hour-aligned zones, and zones whose local days start inside
   * UTC hours (+05:30, +05:45, Adelaide's +09:30/+10:30 across its April and October changes),
   * where the split hours are read raw (all of them for hourly buckets).
   */
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
          AnalyticsClient.range("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "UTC", "monthly"),
          AnalyticsClient.range(
              "2025-03-05T07:13:00Z", "2025-04-04T18:47:12.345Z", "Asia/Kolkata", "weekly"),
          AnalyticsClient.range(
              "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "Asia/Kolkata", "monthly"),
          AnalyticsClient.range(
              "2025-03-30T00:00:00Z", "2025-04-02T00:00:00Z", "Asia/Kolkata", "hourly"),
          AnalyticsClient.range(
              "2025-03-28T00:00:00Z", "2025-04-09T00:00:00Z", "Asia/Kathmandu", "daily"),
          AnalyticsClient.range(
              "2025-03-28T11:11:11Z", "2025-04-09T00:00:00Z", "Australia/Adelaide", "daily"),
          AnalyticsClient.range(
              "2025-09-25T00:00:00Z", "2025-10-10T05:30:00Z", "Australia/Adelaide", "daily"),
          AnalyticsClient.range(
              "2025-09-01T00:00:00Z", "2025-11-10T00:00:00Z", "Australia/Adelaide", "weekly"),
          AnalyticsClient.range(
              "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "Australia/Adelaide", "monthly"));

  /** Zones whose local midnights are not UTC hours. */
  private static final List<String> SPLIT_ZONES =
      List.of("Asia/Kolkata", "Asia/Kathmandu", "Australia/Adelaide");

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
          "custom-events|metric=latency",
          "custom-events|metric=metrics",
          "custom-events|metric=absent",
          "models/top",
          "agents/top");

  private static final List<String> FILTERED_ROUTES =
      List.of(
          "tokens",
          "runs",
          "latency",
          "run-types",
          "users/active",
          "models/top",
          "custom-events",
          "custom-events|metric=score");

  /**
   * Routes the tag-set rollup answers (runs per tag, and series filtered by tags), and the
   * custom-event routes (their rollup has no tags: the counts read the tag-set rollup, the metric
   * raw runs).
   */
  private static final List<String> TAG_ROUTES =
      List.of(
          "tokens",
          "costs",
          "errors",
          "runs",
          "latency",
          "threads",
          "feedback-ratio",
          "run-types",
          "run-types|firstDimension=tags",
          "custom-events",
          "custom-events|metric=score");

  /**
   * Tag filters the tag-set rollup answers (one tag, any of several, a repeated one, all of
   * several, OR-combined tags, a tag no run has, with type, model, status and custom-event checks),
   * and those it cannot (OR with another check, except for runs per tag; a user check): read raw.
   */
  private static final List<String> TAG_FILTERS =
      List.of(
          "tags=b",
          "OR&tags=a",
          "tags=b&type=llm",
          "tags=c&status=error",
          "tags=a&models=gpt-4o,claude-3-5-sonnet",
          "tags=a,a",
          "tags=a,b",
          "tags=a,b,c,d&status=success",
          "tags=a&tags=b",
          "tags=a&tags=b,c&type=llm",
          "OR&tags=a&tags=c",
          "tags=zzz",
          "tags=d",
          "custom-events=rated&tags=a,c",
          "OR&tags=b&type=tool",
          "tags=b&users=1",
          "type=llm",
          "status=success");

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
            10)
        .window(
            Instant.parse("2025-04-04T00:00:00Z"), Instant.parse("2025-04-09T00:00:00Z"), 8, 20, 4)
        .window(
            Instant.parse("2025-09-28T00:00:00Z"), Instant.parse("2025-10-10T00:00:00Z"), 10, 30, 5)
        .at(boundaries());
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
            "date=gt.2025-03-20T00:00:00%2E000Z",
            "custom-events=rated",
            "OR&custom-events=opened&status=error");
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
    assertThat(longValue("select count(*) from rollup_tag_hourly where project_id = ?"))
        .isPositive();
    assertThat(longValue("select count(*) from rollup_tag_set_hourly where project_id = ?"))
        .isPositive();
    assertThat(longValue("select count(*) from rollup_custom_event_hourly where project_id = ?"))
        .isPositive();
    assertThat(
            longValue(
                "select count(*) from rollup_custom_event_hourly where project_id = ?"
                    + " and metric = 'score'"))
        .isPositive();
    assertThat(
            longValue(
                "select coalesce(sum(n), 0) from rollup_latency_all_hourly l,"
                    + " unnest(l.latency_counts) n where l.project_id = ?"))
        .as("the all-types histograms hold every timed run of the per-type ones")
        .isPositive()
        .isEqualTo(
            longValue(
                "select coalesce(sum(n), 0) from rollup_latency_hourly l,"
                    + " unnest(l.latency_counts) n where l.project_id = ?"));
    FactSpec runs = RunFacts.spec(List.of(), List.of(RunFacts.Measure.RUNS));
    assertThat(usesRollups("tags=b&type=llm", runs)).as("one tag").isTrue();
    assertThat(usesRollups("tags=a,b", runs)).as("any of two tags").isTrue();
    assertThat(usesRollups("tags=a&tags=b", runs)).as("all of two tags").isTrue();
    assertThat(usesRollups("OR&tags=a&tags=b", runs)).as("one tag or another").isTrue();
    assertThat(usesRollups("OR&tags=a&type=llm", runs)).as("a tag or a type: raw").isFalse();
    assertThat(usesRollups("tags=a&users=1", runs)).as("a tag and a user: raw").isFalse();
    assertThat(usesRollups("type=llm", RunFacts.perTag())).as("runs per tag").isTrue();
    assertThat(usesRollups("tags=a", RunFacts.perTag())).as("runs per tag, tag filter").isTrue();
    assertThat(usesRollups("OR&tags=a&type=llm", RunFacts.perTag()))
        .as("runs per tag, a tag or a type")
        .isTrue();
    assertThat(usesRollups("custom-events=rated", RunFacts.customEventMetric("score")))
        .as("a custom-event metric")
        .isTrue();
    assertThat(usesRollups("tags=a", RunFacts.customEventMetric("score")))
        .as("a custom-event metric, tag filter: raw")
        .isFalse();
    assertThat(usesRollups("tags=a", RunFacts.customEvents()))
        .as("custom events, tag filter")
        .isTrue();
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
    // a custom event into an hour aggregated long ago
    late.add(
        Events.customEvent(
            "late-thread",
            "late-event",
            "rated",
            Instant.parse("2025-03-20T10:30:00Z"),
            "{\"metrics\":{\"score\":3.25,\"latency\":2}}"));
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
    // tags changed after the hours were aggregated: merged from a later event, rewritten, removed,
    // and arrays a client could write directly (a repeated tag, a null one)
    List<String> tagged = new ArrayList<>();
    for (int i = 0; i < generated.runIds.size(); i += 11) {
      tagged.add(
          "{\"type\":\"llm\",\"event\":\"update\",\"runId\":\""
              + generated.runIds.get(i)
              + "\",\"timestamp\":\"2025-04-06T00:00:00Z\",\"tags\":[\"c\",\"d\"]}");
    }
    client.ingest("[" + String.join(",", tagged) + "]");
    client.sql(
        "update run set tags = array['b', 'b', null] where project_id = ? and id in (select id"
            + " from run where project_id = ? and type = 'llm' order by id desc limit 7)",
        client.project.id(),
        client.project.id());
    client.sql(
        "update run set tags = null where project_id = ? and id in (select id from run"
            + " where project_id = ? and cardinality(tags) > 0 order by id limit 9)",
        client.project.id(),
        client.project.id());
    client.sql(
        "delete from run where project_id = ? and id in (select id from run where project_id = ?"
            + " and 'a' = any(tags) order by id desc limit 6)",
        client.project.id(),
        client.project.id());
    // custom events tagged (a repeated tag), their metrics rewritten, some deleted
    client.sql(
        "update run set tags = array['a', 'c', 'a'] where project_id = ? and id in (select id"
            + " from run where project_id = ? and type = 'custom-event' order by id limit 25)",
        client.project.id(),
        client.project.id());
    client.sql(
        "update run set metadata = '{\"metrics\":{\"score\":9.75},\"score\":1}'"
            + " where project_id = ? and id in (select id from run where project_id = ?"
            + " and type = 'custom-event' order by id desc limit 10)",
        client.project.id(),
        client.project.id());
    client.sql(
        "delete from run where project_id = ? and id in (select id from run where project_id = ?"
            + " and type = 'custom-event' order by id desc limit 3 offset 10)",
        client.project.id(),
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
            + " where project_id = ? and hour >= '2025-03-05' and hour < '2025-04-01'"
            + " order by hour limit 1)", // an hour of the first (March) bucket, which is data[0]
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
  void caughtUp_tagRollupRowsAreWhatOneTagFilterReads() {
    client.catchUp();
    String query =
        "tags=b&"
            + AnalyticsClient.range(
                "2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "UTC", "monthly");
    long before = client.get("runs", query).path("data").get(0).path("value").asLong();

    client.sql(
        "update rollup_tag_hourly set runs = runs + 1000 where ctid = (select ctid from"
            + " rollup_tag_hourly where project_id = ? and tag = 'b' and hour >= '2025-03-05'"
            + " and hour < '2025-04-01' order by hour limit 1)", // in data[0], the March bucket
        client.project.id());
    long tampered = client.get("runs", query).path("data").get(0).path("value").asLong();
    long severalTags =
        client
            .get("runs", query.replace("tags=b", "tags=b,c"))
            .path("data")
            .get(0)
            .path("value")
            .asLong();
    client.catchUp(); // nothing dirty: the tampered row stays
    long stillTampered = client.get("runs", query).path("data").get(0).path("value").asLong();
    client.sql(
        "insert into rollup_dirty (project_id, hour) select project_id, hour from rollup_tag_hourly"
            + " where project_id = ? and runs >= 1000",
        client.project.id());
    client.catchUp();

    assertThat(tampered).as("read from the tag rollup row").isEqualTo(before + 1000);
    assertThat(stillTampered).isEqualTo(before + 1000);
    assertThat(severalTags).as("two tags: the tag-set rollup").isLessThan(before + 1000);
    assertThat(client.get("runs", query).path("data").get(0).path("value").asLong())
        .as("rewritten by the worker")
        .isEqualTo(before);
  }

  @Test
  @Order(5)
  void caughtUp_tagSetRowsAreWhatOtherTagFiltersRead() {
    client.catchUp();
    String march =
        AnalyticsClient.range("2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "UTC", "monthly");
    // each question, with how much it moves when one tag-set row of runs tagged {b, c} gains 1000
    // runs: once per matching run, however many of the run's tags the filter names, and once per
    // tag of the run for runs per tag; one tag and no tag read the per-tag and hourly rollups
    Map<String, Long> moves = new TreeMap<>();
    moves.put("runs|tags=b,c", 1000L);
    moves.put("runs|tags=a,b", 1000L);
    moves.put("runs|tags=a,b,c", 1000L);
    moves.put("runs|tags=b&tags=c", 1000L);
    moves.put("runs|OR&tags=a&tags=c", 1000L);
    moves.put("runs|tags=a&tags=b", 0L);
    moves.put("runs|tags=b", 0L);
    moves.put("runs|tags=b,b", 0L);
    moves.put("runs", 0L);
    moves.put("run-types|firstDimension=tags", 0L);
    moves.put("run-types|firstDimension=tags&tags=c", 2000L);
    moves.put("run-types|OR&tags=c&type=nothing&firstDimension=tags", 2000L);
    Map<String, Long> before = totals(moves.keySet(), march);

    OffsetDateTime hour =
        tamper(
            "update rollup_tag_set_hourly set runs = runs + 1000 where ctid = (select ctid from"
                + " rollup_tag_set_hourly where project_id = ? and tags = '{b,c}'"
                + " and hour >= '2025-03-05' and hour < '2025-04-01' order by hour, type, name"
                + " limit 1) returning hour");
    Map<String, Long> tampered = totals(moves.keySet(), march);
    client.catchUp(); // nothing dirty: the tampered row stays
    Map<String, Long> stillTampered = totals(List.of("runs|tags=b,c"), march);
    client.sql(
        "insert into rollup_dirty (project_id, hour) values (?, ?)", client.project.id(), hour);
    client.catchUp();

    for (Map.Entry<String, Long> q : moves.entrySet()) {
      assertThat(tampered.get(q.getKey()))
          .as(q.getKey() + ": moved by the tag-set row")
          .isEqualTo(before.get(q.getKey()) + q.getValue());
    }
    assertThat(stillTampered.get("runs|tags=b,c")).isEqualTo(before.get("runs|tags=b,c") + 1000);
    assertThat(totals(moves.keySet(), march)).as("rewritten by the worker").isEqualTo(before);
  }

  /**
   * The custom-event rollup is what the custom-event routes read: the counts from its metric-less
   * rows, a metric's sum and count from the rows of its key.
   */
  @Test
  @Order(5)
  void caughtUp_customEventRowsAreWhatCustomEventRoutesRead() {
    client.catchUp();
    String march =
        AnalyticsClient.range("2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "UTC", "monthly");
    JsonNode before = client.get("custom-events", "metric=score&" + march);
    long countsBefore = total(client.get("custom-events", march));

    OffsetDateTime events =
        tamper(
            "update rollup_custom_event_hourly set runs = runs + 1000 where ctid = (select ctid"
                + " from rollup_custom_event_hourly where project_id = ? and metric is null"
                + " and hour >= '2025-03-05' and hour < '2025-04-01' order by hour, name limit 1)"
                + " returning hour");
    OffsetDateTime scores =
        tamper(
            "update rollup_custom_event_hourly set runs = runs + 10, metric_sum = metric_sum + 500"
                + " where ctid = (select ctid from rollup_custom_event_hourly where project_id = ?"
                + " and metric = 'score' and hour >= '2025-03-05' and hour < '2025-04-01'"
                + " order by hour, name limit 1) returning hour");
    JsonNode tampered = client.get("custom-events", "metric=score&" + march);
    long countsTampered = total(client.get("custom-events", march));
    JsonNode latency = client.get("custom-events", "metric=latency&" + march);
    client.sql(
        "insert into rollup_dirty (project_id, hour) values (?, ?), (?, ?)",
        client.project.id(),
        events,
        client.project.id(),
        scores);
    client.catchUp();

    assertThat(countsTampered).as("custom events").isEqualTo(countsBefore + 1000);
    assertThat(total(tampered)).as("events, with the metric").isEqualTo(total(before) + 1000);
    assertThat(metricSum(tampered)).isCloseTo(metricSum(before) + 500, within(1e-6));
    assertThat(averages(tampered))
        .as("the metric's count is read from its rows too")
        .isNotEqualTo(averages(before));
    assertThat(averages(latency)).as("another key's rows").isNotEmpty();
    assertThat(client.get("custom-events", "metric=score&" + march))
        .as("rewritten by the worker")
        .isEqualTo(before);
  }

  @Test
  @Order(6)
  void runsPerBucket_matchJavaTimeBuckets_inEveryZoneAndGranularity() {
    client.catchUp();
    List<Instant> created = new ArrayList<>();
    forEachRow(
        "select created_at from run where project_id = ? and created_at is not null",
        rs -> created.add(rs.getTimestamp(1).toInstant()));
    for (String zone :
        List.of(
            "UTC",
            "Europe/Paris",
            "America/New_York",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Adelaide",
            "Australia/Lord_Howe")) {
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

  @Test
  @Order(7)
  void caughtUp_splitZones_readRollupRowsExceptInSplitHours() {
    client.catchUp();
    String kolkata =
        AnalyticsClient.range(
            "2025-03-05T00:00:00Z", "2025-04-05T00:00:00Z", "Asia/Kolkata", "daily");
    // Kolkata's local midnight is 18:30 UTC: the hour from 18:00 UTC is split between two days
    assertReadFromRollups("runs", kolkata, hourWithRollups(" <> 18"), true);
    assertReadFromRollups("runs", kolkata, hourWithRollups(" = 18"), false);
    // users/active reads whole UTC days from the day rollup (UserDaysTest); the range's partial
    // first day from the hourly one, but for its split hour
    String kolkataFromMorning =
        AnalyticsClient.range(
            "2025-03-05T07:00:00Z", "2025-04-05T00:00:00Z", "Asia/Kolkata", "daily");
    assertReadFromRollups(
        "users/active", kolkataFromMorning, Instant.parse("2025-03-05T09:00:00Z"), true);
    assertReadFromRollups(
        "users/active", kolkataFromMorning, Instant.parse("2025-03-05T18:00:00Z"), false);
    String kolkataMonths =
        AnalyticsClient.range(
            "2025-03-01T00:00:00Z", "2025-05-01T00:00:00Z", "Asia/Kolkata", "monthly");
    assertReadFromRollups("runs", kolkataMonths, hourWithRollups(" = 18"), true);
    assertReadFromRollups("runs", kolkataMonths, Instant.parse("2025-03-31T18:00:00Z"), false);
    // hourly buckets starting at half past UTC hours: every hour is split
    String kolkataHours =
        AnalyticsClient.range(
            "2025-03-20T00:00:00Z", "2025-03-22T00:00:00Z", "Asia/Kolkata", "hourly");
    assertReadFromRollups("runs", kolkataHours, hourWithRollups(" <> 18"), false);
    // Adelaide goes back from +10:30 to +09:30 at 16:30 UTC on 5 April 2025: that hour is read
    // raw (an offset change inside an hour), the hours around it from rollups
    String adelaide =
        AnalyticsClient.range(
            "2025-04-03T00:00:00Z", "2025-04-08T00:00:00Z", "Australia/Adelaide", "daily");
    assertReadFromRollups("runs", adelaide, Instant.parse("2025-04-05T16:00:00Z"), false);
    assertReadFromRollups("runs", adelaide, Instant.parse("2025-04-05T15:00:00Z"), true);
    assertReadFromRollups("runs", adelaide, Instant.parse("2025-04-05T17:00:00Z"), true);
    assertAllEqual();
  }

  /** An hour of 2025-03-06..2025-04-04 whose UTC hour-of-day matches, with rollup rows. */
  private Instant hourWithRollups(String hourOfDay) {
    Instant[] out = new Instant[1];
    forEachRow(
        "select min(hour) from rollup_hourly where project_id = ? and hour >= '2025-03-06'"
            + " and hour < '2025-04-04' and extract(hour from hour at time zone 'UTC')"
            + hourOfDay,
        rs -> out[0] = rs.getTimestamp(1).toInstant());
    return out[0];
  }

  /**
   * Tampers with the rollups of one hour (runs + 1000 on one rollup_hourly row for "runs", an extra
   * user on rollup_user_hourly for "users/active") and checks whether the answer moves, that is
   * whether that hour is read from rollups; then undoes it.
   */
  private void assertReadFromRollups(String route, String query, Instant hour, boolean expected) {
    assertThat(hour).as("an hour with rollup rows").isNotNull();
    OffsetDateTime at = hour.atOffset(ZoneOffset.UTC);
    long before = total(client.get(route, query));
    long delta;
    if (route.equals("runs")) {
      delta = 1000;
      assertThat(
              client.sql(
                  "update rollup_hourly set runs = runs + 1000 where ctid = (select ctid from"
                      + " rollup_hourly where project_id = ? and hour = ? limit 1)",
                  client.project.id(),
                  at))
          .isOne();
    } else {
      delta = 1;
      client.sql(
          "insert into rollup_user_hourly"
              + " (project_id, hour, external_user_id, runs, cost, first_at, last_at)"
              + " values (?, ?, -42, 1, 0, ?, ?)",
          client.project.id(),
          at,
          at,
          at);
    }
    long tampered = total(client.get(route, query));
    client.sql(
        "update rollup_hourly set runs = runs - 1000 where project_id = ? and runs >= 1000",
        client.project.id());
    client.sql(
        "delete from rollup_user_hourly where project_id = ? and external_user_id = -42",
        client.project.id());
    assertThat(total(client.get(route, query))).as("restored").isEqualTo(before);
    assertThat(tampered)
        .as(route + "?" + query + ": the hour from " + hour + " read from rollups")
        .isEqualTo(expected ? before + delta : before);
  }

  /** Runs one tampering update (its first parameter the project) returning the hour it changed. */
  private OffsetDateTime tamper(String updateReturningHour) {
    OffsetDateTime[] hour = new OffsetDateTime[1];
    forEachRow(updateReturningHour, rs -> hour[0] = rs.getObject(1, OffsetDateTime.class));
    assertThat(hour[0]).as("a rollup row tampered with: " + updateReturningHour).isNotNull();
    return hour[0];
  }

  /** The sum of the values of each question ({@code route|params}) over {@code range}. */
  private Map<String, Long> totals(java.util.Collection<String> questions, String range) {
    Map<String, Long> out = new TreeMap<>();
    for (String q : questions) {
      String route = q.contains("|") ? q.substring(0, q.indexOf('|')) : q;
      String params = q.contains("|") ? q.substring(q.indexOf('|') + 1) + "&" : "";
      out.put(q, total(client.get(route, params + range)));
    }
    return out;
  }

  /** The sum of the metric sums of a custom-events?metric= answer. */
  private static double metricSum(JsonNode body) {
    double sum = 0;
    for (JsonNode p : body.path("data")) {
      sum += p.path("sum").asDouble();
    }
    return sum;
  }

  /** The averages of a custom-events?metric= answer, by date and name (buckets with values). */
  private static Map<String, Double> averages(JsonNode body) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode p : body.path("data")) {
      if (p.path("average").isNumber()) {
        out.put(
            p.path("date").asText() + " " + p.path("name").asText(), p.path("average").asDouble());
      }
    }
    return out;
  }

  private static long total(JsonNode body) {
    long sum = 0;
    for (JsonNode p : body.path("data")) {
      sum += p.path("value").asLong();
    }
    return sum;
  }

  /**
   * Instants on and around the bucket boundaries of the split zones: local midnights in the weeks
   * of Adelaide's daylight-saving changes and at month starts (1 ms before, on, and the first and
   * last millisecond of the UTC hour holding them), and each of the zones' 2025 offset changes (on
   * it, 1 ms and 1 hour either side).
   */
  private static List<Instant> boundaries() {
    List<Instant> out = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2025-03-29");
        d.isBefore(LocalDate.parse("2025-04-09"));
        d = d.plusDays(1)) {
      days.add(d);
    }
    for (LocalDate d = LocalDate.parse("2025-09-29");
        d.isBefore(LocalDate.parse("2025-10-08"));
        d = d.plusDays(1)) {
      days.add(d);
    }
    days.addAll(
        List.of(
            LocalDate.parse("2025-03-10"),
            LocalDate.parse("2025-03-17"),
            LocalDate.parse("2025-11-01"),
            LocalDate.parse("2025-11-03")));
    for (String name : SPLIT_ZONES) {
      ZoneId zone = ZoneId.of(name);
      for (LocalDate d : days) {
        Instant midnight = d.atStartOfDay(zone).toInstant();
        Instant hour = midnight.truncatedTo(ChronoUnit.HOURS);
        out.addAll(
            List.of(
                midnight.minusMillis(1),
                midnight,
                hour,
                hour.plus(1, ChronoUnit.HOURS).minusMillis(1)));
      }
      Instant from = Instant.parse("2025-01-01T00:00:00Z");
      for (ZoneOffsetTransition t = zone.getRules().nextTransition(from);
          t != null && t.getInstant().isBefore(Instant.parse("2026-01-01T00:00:00Z"));
          t = zone.getRules().nextTransition(t.getInstant())) {
        out.addAll(
            List.of(
                t.getInstant().minusMillis(1),
                t.getInstant(),
                t.getInstant().truncatedTo(ChronoUnit.HOURS),
                t.getInstant().minus(1, ChronoUnit.HOURS),
                t.getInstant().plus(1, ChronoUnit.HOURS)));
      }
    }
    return out;
  }

  private void assertAllEqual() {
    List<String> queries = new ArrayList<>();
    for (String range : RANGES) {
      for (String route : SERIES_ROUTES) {
        queries.add(
            route.contains("|") ? route.replace("|", "|" + range + "&") : route + "|" + range);
      }
    }
    List<String> filtered = new ArrayList<>(RANGES.subList(0, 3));
    filtered.add(RANGES.get(4)); // Asia/Kolkata, daily
    for (String range : filtered) {
      for (String filter : filters) {
        for (String route : FILTERED_ROUTES) {
          queries.add(
              route.contains("|")
                  ? route.replace("|", "|" + filter + "&" + range + "&")
                  : route + "|" + filter + "&" + range);
        }
      }
    }
    for (String range : filtered) {
      for (String filter : TAG_FILTERS) {
        for (String route : TAG_ROUTES) {
          queries.add(
              route.contains("|")
                  ? route.replace("|", "|" + filter + "&" + range + "&")
                  : route + "|" + filter + "&" + range);
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
    assertThat(recursiveAgentsWalk(RANGES.get(0))).as("generated traces").isNotEmpty();
    for (String range : RANGES) {
      assertThat(agents(client.get("agents/top", range)))
          .as("agents/top?" + range)
          .isEqualTo(recursiveAgentsWalk(range));
    }
    for (String org :
        List.of(
            "startDate=2025-03-05T07:13:00Z&endDate=2025-04-04T18:47:12Z",
            "tags=a,b&startDate=2025-03-05T07:13:00Z&endDate=2025-04-04T18:47:12Z")) {
      JsonNode viaHttp =
          AnalyticsClient.parse(
              client.request("org/models/top", org, client.project.orgKey()).asString());
      assertThat(viaHttp)
          .as("org/models/top?" + org)
          .isEqualTo(reparse(analytics.orgModels(client.project.orgId(), org, Source.RAW)));
    }
  }

  /** Whether the question over the first range of the month is (partly) read from rollups. */
  private boolean usesRollups(String filter, FactSpec spec) {
    return Facts.usesRollups(
        Scope.of(
            client.project.id(),
            new Range(Instant.parse("2025-03-05T00:00:00Z"), Instant.parse("2025-04-05T00:00:00Z")),
            AnalyticsFilter.parse(filter),
            Source.AUTO),
        null,
        spec);
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
