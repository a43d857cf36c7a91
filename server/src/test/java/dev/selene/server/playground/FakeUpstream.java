package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server standing in for LLM providers and custom endpoints: each path answers with a
 * scripted reply (JSON, a server-sent-event stream that may pause on a latch, an error, silence),
 * and every request is recorded for assertions.
 */
final class FakeUpstream implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  record Recorded(
      String method, String path, String query, Map<String, String> headers, JsonNode body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  interface Reply {
    void send(HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  FakeUpstream() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void on(String path, Reply reply) {
    replies.put(path, reply);
  }

  List<Recorded> requests() {
    return requests;
  }

  Recorded last() {
    return requests.get(requests.size() - 1);
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> headers = new ConcurrentHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      JsonNode parsed;
      try {
        parsed = body.length == 0 ? null : JSON.readTree(body);
      } catch (IOException e) {
        parsed = JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
      }
      requests.add(
          new Recorded(
              ex.getRequestMethod(),
              ex.getRequestURI().getPath(),
              ex.getRequestURI().getQuery(),
              headers,
              parsed));
      Reply reply = replies.get(ex.getRequestURI().getPath());
      if (reply == null) {
        json(404, "{\"error\":{\"message\":\"no such path in the fake\"}}").send(ex);
      } else {
        reply.send(ex);
      }
    } catch (Exception e) {
      // the client went away (timeouts, cancelled streams): nothing to answer
    } finally {
      ex.close();
    }
  }

  static Reply json(int status, String body) {
    return json(status, body, Map.of());
  }

  static Reply json(int status, String body, Map<String, String> headers) {
    return ex -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    };
  }

  /** An SSE stream: each item is one event's raw text (without the blank line that ends it). */
  static Reply sse(List<String> events) {
    return sse(events, -1, null);
  }

  /**
   * Pauses after {@code pauseAfter} events until {@code resume} opens; if it never does, the stream
   * is cut (so a client that only sees data at the end cannot pass for a streaming one).
   */
  static Reply sse(List<String> events, int pauseAfter, CountDownLatch resume) {
    return ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      for (int i = 0; i < events.size(); i++) {
        if (i == pauseAfter) {
          if (!resume.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the stream was never resumed");
          }
        }
        out.write((events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    };
  }

  /** Answers nothing until released (or 30 s pass): a provider that hangs. */
  static Reply silent(CountDownLatch release) {
    return ex -> release.await(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
