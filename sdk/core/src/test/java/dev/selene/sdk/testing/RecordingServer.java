package dev.selene.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A loopback HTTP server standing in for a failing or slow remote: it records every request to
 * {@code /v1/runs/ingest} and answers with scripted statuses. Used for the transport's own
 * behaviour (retries, backoff, overflow); what the real server stores is tested against TestServer.
 */
public final class RecordingServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded request. */
  public record Request(
      String method, String path, String query, Map<String, String> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public List<JsonNode> events() {
      List<JsonNode> out = new ArrayList<>();
      json().get("events").forEach(out::add);
      return out;
    }
  }

  /** A scripted answer. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public static Answer of(int status) {
      return new Answer(status, Map.of(), "{}");
    }
  }

  private int port;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final Map<String, Answer> fixed = new ConcurrentHashMap<>();
  private volatile Answer defaultAnswer = new Answer(200, Map.of(), "{\"results\":[]}");
  private volatile long delayMillis;
  private volatile String upstream;
  private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
  private HttpServer server;

  private RecordingServer(int port) {
    this.port = port;
  }

  /** Starts on a random loopback port. */
  public static RecordingServer start() {
    RecordingServer s = new RecordingServer(0);
    s.up();
    return s;
  }

  /** (Re)starts listening, on the same port as before if it ran already. */
  public synchronized void up() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", portOrZero()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  private int portOrZero() {
    return port;
  }

  /** Stops listening: connections are refused until {@link #up()}. */
  public synchronized void down() {
    server.stop(0);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The next ingest requests get these statuses, in order; then the default answer. */
  public RecordingServer thenAnswer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  public RecordingServer thenAnswer(int... statuses) {
    for (int s : statuses) script.add(Answer.of(s));
    return this;
  }

  public RecordingServer alwaysAnswer(Answer answer) {
    defaultAnswer = answer;
    return this;
  }

  public RecordingServer alwaysAnswer(int status) {
    return alwaysAnswer(Answer.of(status));
  }

  /** A fixed answer for requests to {@code path} (any query). */
  public RecordingServer route(String path, Answer answer) {
    fixed.put(path, answer);
    return this;
  }

  /**
   * Requests that are not answered by the script or a fixed route are forwarded to this server (the
   * real Selene), so a test can put failures in front of it.
   */
  public RecordingServer forwardTo(String upstreamUrl) {
    this.upstream = upstreamUrl;
    return this;
  }

  /** Every answer waits this long first. */
  public RecordingServer delay(Duration delay) {
    delayMillis = delay.toMillis();
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> ingestRequests() {
    return requests.stream().filter(r -> r.path().equals("/v1/runs/ingest")).toList();
  }

  /** Events of every ingest request answered 2xx, in arrival order. */
  public List<JsonNode> acceptedEvents() {
    List<JsonNode> out = new ArrayList<>();
    for (Request r : acceptedRequests) out.addAll(r.events());
    return out;
  }

  private final List<Request> acceptedRequests = new CopyOnWriteArrayList<>();

  /** Waits (at most 10 s) until {@code condition} holds. */
  public static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    String path = ex.getRequestURI().getPath();
    Request request =
        new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), headers, body);
    requests.add(request);
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Answer answer = fixed.get(path);
    if (answer == null) {
      Answer scripted = path.equals("/v1/runs/ingest") ? script.poll() : null;
      answer = scripted != null ? scripted : upstream != null ? forward(ex, body) : defaultAnswer;
    }
    if (path.equals("/v1/runs/ingest") && answer.status() / 100 == 2) {
      acceptedRequests.add(request);
    }
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    answer.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) ex.getResponseBody().write(out);
    ex.close();
  }

  private Answer forward(HttpExchange ex, String body) {
    String query = ex.getRequestURI().getRawQuery();
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    upstream
                        + ex.getRequestURI().getRawPath()
                        + (query == null ? "" : "?" + query)))
            .method(
                ex.getRequestMethod(),
                body.isEmpty()
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    for (String h : List.of("Authorization", "Content-Type")) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) b.header(h, v);
    }
    try {
      java.net.http.HttpResponse<String> r =
          http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), Map.of(), r.body());
    } catch (IOException | InterruptedException e) {
      return new Answer(502, Map.of(), "{}");
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
