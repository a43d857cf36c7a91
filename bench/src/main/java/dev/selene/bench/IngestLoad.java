package dev.selene.bench;

import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingestion load: {@code clients} concurrent HTTP clients post batches of {@code batch} events to
 * {@code POST /v1/runs/ingest} for {@code seconds}, either as fast as acknowledgements come back
 * ({@code --rate 0}) or at a fixed total event rate (latency measured from the scheduled send time,
 * so a stalled server cannot hide its queueing). Starts its own server on a fresh, durable embedded
 * PostgreSQL unless {@code --url} and {@code --key} name a running one. {@code --format traces}
 * sends agent traces (an agent run with a tool and an LLM child) instead of independent LLM calls;
 * {@code --format otlp} sends the same load as OTLP/HTTP protobuf GenAI spans to {@code /v1/traces}
 * (one span = a start and an end event) instead of Lunary events. Each client thread posts over its
 * own {@link BlockingHttp} connection; {@code --client jdk} uses {@code java.net.http.HttpClient}
 * instead, which costs the shared cores more per request.
 */
final class IngestLoad {
  private IngestLoad() {}

  static void main(String[] args) throws Exception {
    Options o = new Options(args);
    int batch = o.integer("batch", 100);
    int clients = o.integer("clients", 8);
    int seconds = o.integer("seconds", 20);
    // The JIT is still compiling the server for some 45 s under full load: measure after it.
    int warmup = o.integer("warmup", 30);
    int rate = o.integer("rate", 0);
    int slowMillis = o.integer("slow-ms", 0);
    int progress = o.integer("progress", 0);
    String url = o.text("url", null);
    String key = o.text("key", null);
    String format = o.text("format", "lunary");
    boolean jdkClient = "jdk".equals(o.text("client", "blocking"));
    if (!List.of("lunary", "traces", "otlp").contains(format)) {
      throw new IllegalArgumentException("--format must be lunary, traces or otlp");
    }
    SeleneServer server = null;
    ScratchDir dataDir = null;
    if (url == null) {
      dataDir = ScratchDir.create("selene-bench-");
      server =
          SeleneServer.start(
              ConfigLoader.load(
                  Map.of(
                      "PORT", "0",
                      "SELENE_OTLP_GRPC_PORT", "0",
                      "SELENE_DATA_DIR", dataDir.toString(),
                      "SELENE_PROJECT_PUBLIC_KEY", "bench-public-key")));
      url = "http://localhost:" + server.port();
      key = "bench-public-key";
    }
    HttpClient http =
        jdkClient ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() : null;
    System.out.printf(
        "ingest: format=%s batch=%d clients=%d seconds=%d rate=%s client=%s%n",
        format,
        batch,
        clients,
        seconds,
        rate == 0 ? "max" : rate + " events/s",
        jdkClient ? "jdk" : "blocking");
    run(http, url, key, clients, warmup, rate, batch, format, 0);
    Result r = run(http, url, key, clients, seconds, rate, batch, format, progress);
    if (slowMillis > 0) {
      // When the slow acknowledgements happened, to line them up with the server's log.
      r.slow(slowMillis * 1000L)
          .forEach(
              s ->
                  System.out.printf(
                      "slow: sent at %s, ack after %.1f ms%n",
                      java.time.LocalTime.ofInstant(
                          java.time.Instant.ofEpochMilli(r.startEpochMillis + s[0] / 1000),
                          java.time.ZoneOffset.UTC),
                      s[1] / 1000.0));
    }
    System.out.printf(
        "events/s=%.0f requests/s=%.0f ack p50=%.2f ms p99=%.2f ms max=%.2f ms errors=%d%n",
        r.events / (double) seconds,
        r.requests / (double) seconds,
        r.percentile(0.50),
        r.percentile(0.99),
        r.percentile(1.0),
        r.errors);
    if (server != null) {
      try (Connection c = server.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("select count(*) from run")) {
        rs.next();
        System.out.printf("runs stored=%d%n", rs.getLong(1));
      }
      server.close();
      dataDir.close();
    }
  }

  private static final class Result {
    long events;
    long requests;
    long errors;
    long[] latenciesMicros = new long[0];
    final List<long[]> sentAndLatencyMicros = new ArrayList<>();
    long startEpochMillis;

    /** [sent, latency] in µs, in the order sent, of the requests slower than the limit. */
    List<long[]> slow(long limitMicros) {
      return sentAndLatencyMicros.stream()
          .filter(s -> s[1] > limitMicros)
          .sorted(java.util.Comparator.comparingLong(s -> s[0]))
          .toList();
    }

    double percentile(double p) {
      if (latenciesMicros.length == 0) {
        return Double.NaN;
      }
      int index =
          (int) Math.min(latenciesMicros.length - 1, Math.ceil(p * latenciesMicros.length) - 1);
      return latenciesMicros[Math.max(0, index)] / 1000.0;
    }
  }

  /** A request body of {@code batch} new events in the given format. */
  private static byte[] body(String format, int batch) {
    return switch (format) {
      case "otlp" -> OtlpSpans.request(batch);
      case "traces" -> Events.traces(batch).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      default -> Events.batch(batch).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    };
  }

  private static int send(HttpClient http, String uri, String key, String contentType, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static Result run(
      HttpClient http,
      String url,
      String key,
      int clients,
      int seconds,
      int rate,
      int batch,
      String format,
      int progressSeconds)
      throws InterruptedException {
    boolean otlp = "otlp".equals(format);
    String path = otlp ? "/v1/traces" : "/v1/runs/ingest";
    String contentType = otlp ? "application/x-protobuf" : "application/json";
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong events = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Samples> perClient = new ArrayList<>();
    long startNanos = System.nanoTime();
    long startEpochMillis = System.currentTimeMillis();
    List<Thread> threads = new ArrayList<>();
    long intervalNanos = rate == 0 ? 0 : (long) (1e9 * batch * clients / rate);
    for (int c = 0; c < clients; c++) {
      Samples samples = new Samples();
      perClient.add(samples);
      int offset = c;
      Thread t =
          new Thread(
              () -> {
                long next = System.nanoTime() + (intervalNanos * offset) / Math.max(1, clients);
                try (BlockingHttp connection = new BlockingHttp(url, path, key, contentType)) {
                  while (System.nanoTime() < end) {
                    // Every request carries new runs: resent ids would be (cheap) no-op merges.
                    byte[] body = body(format, batch);
                    long scheduled = rate == 0 ? System.nanoTime() : next;
                    if (rate != 0) {
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        try {
                          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                      next += intervalNanos;
                    }
                    int status;
                    try {
                      status =
                          http == null
                              ? connection.post(body)
                              : send(http, url + path, key, contentType, body);
                    } catch (Exception e) {
                      status = -1;
                    }
                    if (status == 200) {
                      events.addAndGet(batch);
                    } else {
                      errors.incrementAndGet();
                    }
                    requests.incrementAndGet();
                    samples.add(
                        (scheduled - startNanos) / 1000, (System.nanoTime() - scheduled) / 1000);
                  }
                }
              });
      threads.add(t);
      t.start();
    }
    if (progressSeconds > 0) {
      reportProgress(events, progressSeconds, end);
    }
    for (Thread t : threads) {
      t.join();
    }
    Result r = new Result();
    r.startEpochMillis = startEpochMillis;
    r.events = events.get();
    r.requests = requests.get();
    r.errors = errors.get();
    int total = perClient.stream().mapToInt(Samples::size).sum();
    long[] all = new long[total];
    int pos = 0;
    for (Samples samples : perClient) {
      for (int i = 0; i < samples.size(); i++) {
        all[pos++] = samples.latency(i);
        r.sentAndLatencyMicros.add(new long[] {samples.sent(i), samples.latency(i)});
      }
    }
    Arrays.sort(all);
    r.latenciesMicros = all;
    return r;
  }

  /**
   * Prints the events/s of every {@code seconds} of the measured run ({@code --progress}): dips
   * show when background work (rollups, autovacuum, checkpoints) competes with ingestion.
   */
  private static void reportProgress(AtomicLong events, int seconds, long endNanos) {
    Thread reporter =
        new Thread(
            () -> {
              long start = System.nanoTime();
              long previous = 0;
              for (int i = 1; start + i * 1_000_000_000L * seconds <= endNanos; i++) {
                try {
                  Thread.sleep(seconds * 1000L);
                } catch (InterruptedException e) {
                  return;
                }
                long now = events.get();
                System.out.printf(
                    "progress: %4d s  events/s=%d%n", i * seconds, (now - previous) / seconds);
                previous = now;
              }
            });
    reporter.setDaemon(true);
    reporter.start();
  }
}
