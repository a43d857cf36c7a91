package dev.selene.bench;

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
import java.sql.Connection;
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
              "truncate rollup_hourly, rollup_latency_hourly, rollup_user_hourly, rollup_dirty");
          s.execute(
              "insert into rollup_dirty (project_id, hour) select distinct project_id,"
                  + " selene_hour(created_at) from run where created_at is not null");
        }
      }
      long started = System.nanoTime();
      Rollups.catchUpAll(server.dataSource());
      System.out.printf("rollups caught up in %.1f s%n", (System.nanoTime() - started) / 1e9);
      sizes(server);
      String base = "http://localhost:" + server.port();
      HttpClient http = HttpClient.newHttpClient();
      for (String project : List.of("project-0", "project-9")) {
        System.out.printf("%n### %s (%s runs)%n%n", project, count(server, project));
        System.out.println("| request | p50 ms | p95 ms |");
        System.out.println("|---|---:|---:|");
        for (Map.Entry<String, String> q : queries().entrySet()) {
          measure(http, base + q.getValue(), keys.get(project), q.getKey(), warmup, iterations);
        }
        measure(
            http,
            base + "/v1/analytics/org/models/top?" + range(30, false),
            keys.get("org"),
            "org/models/top (whole org)",
            warmup,
            iterations);
      }
    }
  }

  /** Every analytics route over the last 30 days as a dashboard asks, plus raw-path variants. */
  private static Map<String, String> queries() {
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
    q.put("models/top", "/v1/analytics/models/top?" + range(30, false));
    q.put("templates/top", "/v1/analytics/templates/top?" + range(30, false));
    q.put("agents/top", "/v1/analytics/agents/top?" + range(30, false));
    q.put("tokens, models=gpt-4o (rollups)", "/v1/analytics/tokens?" + daily + "&models=gpt-4o");
    q.put("tokens, tags=beta (raw)", "/v1/analytics/tokens?" + daily + "&tags=beta");
    q.put(
        "tokens, Asia/Kolkata (raw)",
        "/v1/analytics/tokens?" + daily.replace(enc(ZONE), enc("Asia/Kolkata")));
    q.put(
        "tokens, hourly, 7 days",
        "/v1/analytics/tokens?" + range(7, true).replace("daily", "hourly"));
    q.put("tokens, 90 days", "/v1/analytics/tokens?" + range(90, true));
    q.put("GET /v1/runs?type=llm&models=gpt-4o", "/v1/runs?type=llm&models=gpt-4o&limit=50&page=0");
    q.put("GET /v1/runs?tags=beta&status=error", "/v1/runs?tags=beta&status=error&limit=50&page=0");
    q.put("GET /v1/runs (default llm list)", "/v1/runs?limit=50&page=0");
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
    for (int i = -warmup; i < iterations; i++) {
      long started = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long took = (System.nanoTime() - started) / 1000;
      if (r.statusCode() != 200) {
        System.out.printf("| %s | n/a (HTTP %d) | |%n", label, r.statusCode());
        return;
      }
      if (i >= 0) {
        micros[i] = took;
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "| %s | %.1f | %.1f |%n",
        label,
        micros[(int) Math.ceil(0.50 * iterations) - 1] / 1000.0,
        micros[(int) Math.ceil(0.95 * iterations) - 1] / 1000.0);
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

  private static long count(SeleneServer server, String project) throws SQLException {
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from run r join project p on p.id = r.project_id where p.name = '"
                    + project
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void sizes(SeleneServer server) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String table :
          List.of("run", "rollup_hourly", "rollup_latency_hourly", "rollup_user_hourly")) {
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
    out.forEach(System.out::println);
  }
}
