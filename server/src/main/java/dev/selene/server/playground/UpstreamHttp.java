package dev.selene.server.playground;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls providers and custom endpoints with the JDK HTTP client and never waits forever: connecting
 * and receiving the response headers are bounded by the timeout, and so is every gap between two
 * pieces of a body (a watchdog closes a body that stays silent, which unblocks the reader).
 */
final class UpstreamHttp implements AutoCloseable {
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final HttpClient client;
  private final Duration timeout;
  private final ScheduledExecutorService watchdog;

  UpstreamHttp(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "selene-playground-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  long timeoutSeconds() {
    return Math.max(1, timeout.toSeconds());
  }

  /** A JSON POST. Plain-http targets get HTTP/1.1 (no h2c upgrade dance with local servers). */
  HttpRequest post(URI url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if ("http".equalsIgnoreCase(url.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    boolean hasContentType = headers.keySet().stream().anyMatch("content-type"::equalsIgnoreCase);
    if (!hasContentType) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    return b.build();
  }

  /**
   * Sends and returns once the response headers are in. A non-2xx answer becomes an {@link
   * UpstreamException} carrying the upstream's own error text.
   */
  HttpResponse<InputStream> open(String upstream, HttpRequest request) {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw UpstreamException.timeout(upstream, timeoutSeconds());
    } catch (ConnectException e) {
      throw UpstreamException.unreachable(upstream, hostOf(request.uri()), e);
    } catch (IOException e) {
      throw UpstreamException.unreachable(upstream, hostOf(request.uri()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.unreachable(upstream, hostOf(request.uri()), e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String body;
      try {
        body =
            new String(
                readAll(upstream, response, MAX_ERROR_BODY_BYTES, true), StandardCharsets.UTF_8);
      } catch (UpstreamException e) {
        body = "";
      }
      throw UpstreamException.fromStatus(
          upstream, status, body, response.headers().firstValue("Retry-After").orElse(null));
    }
    return response;
  }

  /** The whole body, at most {@code max} bytes ({@code truncate}: cut instead of failing). */
  byte[] readAll(String upstream, HttpResponse<InputStream> response, int max, boolean truncate) {
    try (Guard guard = new Guard(response.body(), upstream)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = guard.read(buffer)) > 0) {
        if (out.size() + n > max) {
          if (truncate) {
            out.write(buffer, 0, max - out.size());
            break;
          }
          throw UpstreamException.malformed(
              upstream, "the response is larger than " + max + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** The body line by line, each line waited for at most the timeout. */
  Lines lines(String upstream, HttpResponse<InputStream> response) {
    return new Lines(new Guard(response.body(), upstream));
  }

  final class Lines implements AutoCloseable {
    private final Guard guard;
    private final BufferedReader reader;

    private Lines(Guard guard) {
      this.guard = guard;
      this.reader = new BufferedReader(new InputStreamReader(guard.in, StandardCharsets.UTF_8));
    }

    /** The next line, or null at the end of the body. */
    String next() {
      return guard.call(reader::readLine);
    }

    @Override
    public void close() {
      guard.close();
    }
  }

  /** Watches one body: closes it when nothing arrived for the timeout, and reports why. */
  private final class Guard implements AutoCloseable {
    private final InputStream in;
    private final String upstream;
    private final ScheduledFuture<?> check;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean timedOut;

    Guard(InputStream in, String upstream) {
      this.in = in;
      this.upstream = upstream;
      long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
      this.check =
          watchdog.scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkIdle() {
      if (System.nanoTime() - lastActivity > timeout.toNanos()) {
        timedOut = true;
        closeQuietly();
      }
    }

    interface Read<T> {
      T run() throws IOException;
    }

    <T> T call(Read<T> read) {
      try {
        T value = read.run();
        lastActivity = System.nanoTime();
        if (timedOut) {
          throw UpstreamException.timeout(upstream, timeoutSeconds());
        }
        return value;
      } catch (IOException e) {
        if (timedOut) {
          throw UpstreamException.timeout(upstream, timeoutSeconds());
        }
        throw UpstreamException.malformed(upstream, "the connection broke: " + e.getMessage());
      }
    }

    int read(byte[] buffer) {
      return call(() -> in.read(buffer));
    }

    private void closeQuietly() {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing only unblocks the reader
      }
    }

    @Override
    public void close() {
      check.cancel(false);
      closeQuietly();
    }
  }

  private static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
