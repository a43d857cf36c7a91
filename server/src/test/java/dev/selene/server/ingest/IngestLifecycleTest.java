package dev.selene.server.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import dev.selene.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Servers of their own: restarts, shutdown and back-pressure. */
class IngestLifecycleTest {
  private static final String KEY = "lifecycle-public-key";

  private static SeleneServer start(Path dataDir, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("SELENE_DATA_DIR", dataDir.toString());
    env.put("SELENE_PROJECT_PUBLIC_KEY", KEY);
    env.put("SELENE_EMBEDDED_DURABLE", "true");
    return SeleneServer.start(ConfigLoader.load(TestServer.testEnvironment(env)));
  }

  private static int post(SeleneServer server, String events) {
    return given()
        .baseUri("http://localhost:" + server.port())
        .header("Authorization", "Bearer " + KEY)
        .contentType("application/json")
        .body("{\"events\":" + events + "}")
        .post("/v1/runs/ingest")
        .statusCode();
  }

  private static long count(SeleneServer server, String sql) throws Exception {
    try (Connection c = server.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String starts(int from, int count) {
    List<String> events = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      events.add(
          "{\"event\":\"start\",\"type\":\"tool\",\"runId\":\"life-"
              + i
              + "\",\"name\":\"t\",\"timestamp\":"
              + (1000 + i)
              + "}");
    }
    return "[" + String.join(",", events) + "]";
  }

  @Test
  void acknowledgedEvents_surviveAGracefulShutdownAndRestart() throws Exception {
    Path dir = Files.createTempDirectory("selene-lifecycle-");
    SeleneServer first = start(dir, Map.of());
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<CompletableFuture<Integer>> replies = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int from = i * 25;
      replies.add(CompletableFuture.supplyAsync(() -> post(first, starts(from, 25)), clients));
    }
    // Close while requests are in flight: accepted ones must be committed, the rest refused.
    Thread.sleep(50);
    first.close();
    clients.shutdown();
    long acknowledged = 0;
    for (CompletableFuture<Integer> reply : replies) {
      Integer status = reply.handle((s, e) -> e == null ? s : -1).get();
      if (status == 200) {
        acknowledged += 25;
      }
    }

    SeleneServer second = start(dir, Map.of());
    try {
      assertThat(count(second, "select count(*) from run where name = 't'"))
          .isGreaterThanOrEqualTo(acknowledged);
      assertThat(count(second, "select count(*) from project")).isEqualTo(1);
    } finally {
      second.close();
    }
  }

  @Test
  void moreEventsThanTheQueueHolds_isRefusedWith429AndRetryAfter() throws Exception {
    SeleneServer server =
        start(
            Files.createTempDirectory("selene-queue-"),
            Map.of("SELENE_INGEST_QUEUE_CAPACITY", "100"));
    try {
      var response =
          given()
              .baseUri("http://localhost:" + server.port())
              .header("Authorization", "Bearer " + KEY)
              .contentType("application/json")
              .body("{\"events\":" + starts(0, 101) + "}")
              .post("/v1/runs/ingest");
      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.header("Retry-After")).isEqualTo("1");
      assertThat(response.jsonPath().getString("message")).contains("queue is full");
      assertThat(post(server, starts(0, 100))).isEqualTo(200);
      assertThat(count(server, "select count(*) from run")).isEqualTo(100);
    } finally {
      server.close();
    }
  }
}
