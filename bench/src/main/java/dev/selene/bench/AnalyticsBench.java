package dev.selene.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.SeleneServer;
import dev.selene.server.analytics.Rollups;
import dev.selene.server.config.ConfigLoader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read latency of every analytics route (a 30-day dashboard) and of the filtered first page of
 * {@code GET /v1/runs}, on a dataset bulk-loaded by {@link RunDataset}. Reuses the dataset in
 * {@code --data-dir} when it is already there, so the load is paid once per size.
 */
final class AnalyticsBench {
  private static final String ZONE = "Europe/Paris";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnalyticsBench() {}

  static void main(String[] args) throws Exception {
    Options o = new Options(args);
    int runs = o.integer("runs", 1_000_000);
    int projects = o.integer("projects", 20);
    int days = o.integer("days", 90);
    int iterations = o.integer("iterations", 30);
    int warmup = o.integer("warmup", 5);
    String dataDir = o.text("data-dir", Files.createTempDirectory("selene-analytics-").toString());
    try (SeleneServer server =
        SeleneServer.start(
            ConfigLoader.load(
                Map.of(
                    "PORT", "0",
                    "SELENE_OTLP_GRPC_PORT", "0",
                    "SELENE_DATA_DIR", dataDir,
                    // the load is a benchmark fixture, not data to keep safe
                    "SELENE_EMBEDDED_DURABLE", "false")))) {
      Map<String, String> keys = keys(server);
      if (keys.isEmpty()) {
        RunDataset dataset = new RunDataset(server.dataSource(), runs, projects, days);
        long started = System.nanoTime();
        dataset.load();
        System.out.printf("load: %.0f s%n", (System.nanoTime() - started) / 1e9);
        keys = keys(server);
      }
      if (o.text("rebuild-rollups", "false").equals("true")) {
        try (Connection c = server.dataSource().getConnection();
            Statement s = c.createStatement()) {
          s.execute(
              "truncate rollup_hourly, rollup_latency_hourly, rollup_latency_all_hourly,"
                  + " rollup_user_hourly, rollup_user_daily, rollup_user_cost_hourly,"
                  + " rollup_tag_hourly, rollup_tag_set_hourly, rollup_custom_event_hourly,"
                  + " rollup_dirty");
          s.execute(
              "insert into rollup_dirty (project_id, hour) select distinct project_id,"
                  + " selene_hour(created_at) from run where created_at is not null");
        }
      }
      long started = System.nanoTime();
      // the server's own worker code path: waits for any running pass, then aggregates every
      // hour still marked dirty (the worker has usually done most of it during the load)
      Rollups.catchUpAll(server.dataSource());
      System.out.printf("rollups caught up in %.1f s%n", (System.nanoTime() - started) / 1e9);
      // what autovacuum does to a table in steady state (visibility map set, so index-only scans
      // read no rows); a no-op when the data dir was already vacuumed
      started = System.nanoTime();
      try (Connection c = server.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "vacuum (analyze) run, rollup_hourly, rollup_latency_hourly, rollup_latency_all_hourly,"
                + " rollup_user_hourly, rollup_user_daily, rollup_user_cost_hourly,"
                + " rollup_tag_hourly, rollup_tag_set_hourly, rollup_custom_event_hourly,"
                + " rollup_agent_hourly");
      }
      System.out.printf("vacuum analyze: %.1f s%n", (System.nanoTime() - started) / 1e9);
      sizes(server);
      String base = "http://localhost:" + server.port();
      HttpClient http = HttpClient.newHttpClient();
      for (String project : o.text("measure", "project-0,project-9").split(",")) {
        if (project.equals("none")) {
          break; // --measure none: load (and build the rollups) only
        }
        System.out.printf(
            "%n### %s (%,d runs, %,d in the last 30 days); load average before: %s%n%n",
            project, count(server, project, 90), count(server, project, 30), loadAverage());
        System.out.println("| request | p50 ms | p95 ms | answer |");
        System.out.println("|---|---:|---:|---|");
        for (Map.Entry<String, String> q : queries(topUser(server, project)).entrySet()) {
          measure(http, base + q.getValue(), keys.get(project), q.getKey(), warmup, iterations);
        }
        measure(
            http,
            base + "/v1/analytics/org/models/top?" + range(30, false),
            keys.get("org"),
            "org/models/top (whole org, org key)",
            warmup,
            iterations);
        System.out.printf("%nload average after: %s%n", loadAverage());
      }
      int hold = o.integer("hold", 0);
      if (hold > 0) {
        // --hold SECONDS keeps the server and its database up, to EXPLAIN queries by hand
        try (Connection c = server.dataSource().getConnection()) {
          System.out.printf(
              "holding %d s: %s, database %s%n", hold, base, c.getMetaData().getURL());
        }
        Thread.sleep(hold * 1000L);
      }
    }
  }

  /**
   * Every analytics route over the last 30 days as a dashboard asks (daily buckets in a time zone),
   * then variants that take other paths (raw fallback, other grains, dimensions), then the filtered
   * first page of {@code GET /v1/runs} as the runs view asks for it.
   */
  private static Map<String, String> queries(long topUser) {
    Map<String, String> q = new LinkedHashMap<>();
    String daily = range(30, true);
    for (String route :
        List.of(
            "tokens",
            "costs",
            "errors",
            "runs",
            "run-types",
            "latency",
            "threads",
            "users/active",
            "users/new",
            "users/average-cost",
            "feedback/thumb/up",
            "feedback/thumb/down",
            "feedback-ratio",
            "custom-events")) {
      q.put(route, "/v1/analytics/" + route + "?" + daily);
    }
    for (String route :
        List.of("models/top", "templates/top", "agents/top", "languages/top", "topics/top")) {
      q.put(route, "/v1/analytics/" + route + "?" + range(30, false));
    }
    q.put(
        "run-types, firstDimension=tags",
        "/v1/analytics/run-types?" + daily + "&firstDimension=tags");
    q.put(
        "run-types, firstDimension=tags, type=llm",
        "/v1/analytics/run-types?" + daily + "&firstDimension=tags&type=llm");
    q.put(
        "custom-events, metric=rating", "/v1/analytics/custom-events?" + daily + "&metric=rating");
    q.put(
        "users/active, by plan and date",
        "/v1/analytics/users/active?" + daily + "&firstDimension=plan&secondDimension=date");
    q.put("tokens, models=gpt-4o (rollups)", "/v1/analytics/tokens?" + daily + "&models=gpt-4o");
    q.put("tokens, tags=beta (tag rollup)", "/v1/analytics/tokens?" + daily + "&tags=beta");
    q.put(
        "tokens, tags=beta,rag (tag-set rollup)",
        "/v1/analytics/tokens?" + daily + "&tags=beta,rag");
    q.put(
        "tokens, Asia/Kolkata (rollups + split hours raw)",
        "/v1/analytics/tokens?" + daily.replace(enc(ZONE), enc("Asia/Kolkata")));
    q.put(
        "tokens, hourly, 7 days",
        "/v1/analytics/tokens?" + range(7, true).replace("daily", "hourly"));
    q.put("tokens, 90 days", "/v1/analytics/tokens?" + range(90, true));
    String page = "&limit=50&page=0";
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String dates =
        "date=gt." + now.minus(30, ChronoUnit.DAYS) + "&date=lt." + now.minus(20, ChronoUnit.DAYS);
    q.put("GET /v1/runs (default: type=llm)", "/v1/runs?" + page.substring(1));
    q.put("GET /v1/runs?type=llm&models=gpt-4o", "/v1/runs?type=llm&models=gpt-4o" + page);
    q.put("GET /v1/runs?users=<top user>", "/v1/runs?users=" + topUser + page);
    q.put("GET /v1/runs?type=llm&tags=beta", "/v1/runs?type=llm&tags=beta" + page);
    q.put("GET /v1/runs?status=error", "/v1/runs?status=error" + page);
    q.put("GET /v1/runs?tags=beta&status=error", "/v1/runs?tags=beta&status=error" + page);
    q.put("GET /v1/runs?type=llm&date=gt.-30d&date=lt.-20d", "/v1/runs?type=llm&" + dates + page);
    return q;
  }

  /** startDate = local midnight {@code days} ago, endDate = now, as the dashboard sends them. */
  private static String range(int days, boolean granularity) {
    Instant now = Instant.now();
    Instant start =
        now.atZone(ZoneId.of(ZONE)).truncatedTo(ChronoUnit.DAYS).minusDays(days).toInstant();
    return "startDate="
        + start
        + "&endDate="
        + now.truncatedTo(ChronoUnit.MILLIS)
        + "&timeZone="
        + enc(ZONE)
        + (granularity ? "&granularity=daily" : "");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void measure(
      HttpClient http, String url, String key, String label, int warmup, int iterations)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build();
    long[] micros = new long[iterations];
    String body = "";
    for (int i = -warmup; i < iterations; i++) {
      long started = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = (System.nanoTime() - started) / 1000;
      if (r.statusCode() != 200) {
        System.out.printf("| %s | n/a (HTTP %d: %s) | | |%n", label, r.statusCode(), r.body());
        return;
      }
      body = r.body();
      if (i >= 0) {
        micros[i] = took;
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "| %s | %.1f | %.1f | %s |%n",
        label,
        micros[(int) Math.ceil(0.50 * iterations) - 1] / 1000.0,
        micros[(int) Math.ceil(0.95 * iterations) - 1] / 1000.0,
        shape(body));
  }

  /** What came back, to see at a glance that a route answered with real figures. */
  private static String shape(String body) throws Exception {
    JsonNode json = JSON.readTree(body);
    JsonNode list = json.isArray() ? json : json.path("data");
    int nonZero = 0;
    for (JsonNode item : list) {
      JsonNode value = item.path("value");
      if (!value.isNumber() || value.asDouble() != 0) {
        nonZero++;
      }
    }
    return String.format("%d items (%d non-zero), %,d B", list.size(), nonZero, body.length());
  }

  private static String loadAverage() throws Exception {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  private static Map<String, String> keys(SeleneServer server) throws SQLException {
    Map<String, String> keys = new LinkedHashMap<>();
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select coalesce(p.name, 'org'), k.api_key from api_key k"
                    + " left join project p on p.id = k.project_id"
                    + " where k.api_key like 'bench-%'")) {
      while (rs.next()) {
        keys.put(rs.getString(1), rs.getString(2));
      }
    }
    return keys;
  }

  private static long count(SeleneServer server, String project, int days) throws SQLException {
    try (Connection c = server.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from run r join project p on p.id = r.project_id"
                    + " where p.name = ? and r.created_at > now() - make_interval(days => ?)")) {
      s.setString(1, project);
      s.setInt(2, days);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The project's first end user, the most active one (user activity is Zipf-distributed). */
  private static long topUser(SeleneServer server, String project) throws SQLException {
    try (Connection c = server.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select min(u.id) from external_user u join project p on p.id = u.project_id"
                    + " where p.name = ?")) {
      s.setString(1, project);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void sizes(SeleneServer server) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "run",
              "rollup_hourly",
              "rollup_latency_hourly",
              "rollup_latency_all_hourly",
              "rollup_user_hourly",
              "rollup_user_daily",
              "rollup_user_cost_hourly",
              "rollup_tag_hourly",
              "rollup_tag_set_hourly",
              "rollup_custom_event_hourly",
              "rollup_dirty")) {
        try (ResultSet rs =
            s.executeQuery(
                "select count(*), pg_size_pretty(pg_total_relation_size('"
                    + table
                    + "')) from "
                    + table)) {
          rs.next();
          out.add(String.format("%s: %,d rows, %s", table, rs.getLong(1), rs.getString(2)));
        }
      }
    }
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select pg_size_pretty(pg_database_size(current_database()))")) {
      rs.next();
      out.add("database: " + rs.getString(1));
    }
    out.forEach(System.out::println);
  }
}
