package dev.selene.sdk;

import static dev.selene.sdk.testing.RecordingServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.RecordingServer.Answer;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's own behaviour against a remote that fails, hangs or disappears: batching, retries
 * with backoff, overflow, flush, shutdown, opt-out. (What the real server stores is tested in the
 * end-to-end tests.)
 */
class TransportTest {
  private final RecordingServer server = RecordingServer.start();
  private final List<Selene> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(Selene::close);
    server.close();
  }

  private SeleneConfig.Builder config() {
    return SeleneConfig.builder()
        .apiUrl(server.url())
        .publicKey("pk-test")
        .shutdownHook(false)
        .flushInterval(Duration.ofSeconds(30))
        .initialBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(100))
        .shutdownTimeout(Duration.ofSeconds(2));
  }

  private Selene client(SeleneConfig.Builder config) {
    Selene s = Selene.create(config.build());
    clients.add(s);
    return s;
  }

  private static Event llmStart(int i) {
    return Event.start(RunType.LLM, "run-" + i).name("model-" + i);
  }

  private static List<String> names(List<JsonNode> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.path("name").asText()));
    return out;
  }

  @Test
  void track_manyEvents_sentInBatchesOfMaxBatchSizeWithTheKey() {
    Selene selene = client(config().maxBatchSize(50));
    for (int i = 0; i < 120; i++) selene.track(llmStart(i));

    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();

    List<RecordingServer.Request> requests = server.ingestRequests();
    assertThat(requests).extracting(r -> r.events().size()).containsExactly(50, 50, 20);
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.headers().get("Authorization")).isEqualTo("Bearer pk-test");
              assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
            });
    assertThat(names(server.acceptedEvents()))
        .hasSize(120)
        .startsWith("model-0")
        .endsWith("model-119");
    assertThat(selene.stats().sent()).isEqualTo(120);
  }

  @Test
  void track_privateAndPublicKey_sendsThePrivateKey() {
    Selene selene = client(config().privateKey("sk-private"));
    selene.track(llmStart(1));
    selene.flush(Duration.ofSeconds(5));
    assertThat(server.ingestRequests().get(0).headers().get("Authorization"))
        .isEqualTo("Bearer sk-private");
  }

  @Test
  void track_fewEvents_sentAfterFlushIntervalWithoutFlush() {
    Selene selene = client(config().flushInterval(Duration.ofMillis(50)));
    selene.track(llmStart(1));
    selene.track(llmStart(2));

    await(() -> server.acceptedEvents().size() == 2);
    assertThat(server.ingestRequests()).hasSize(1);
  }

  @Test
  void serverAnswers500Then503_batchResentUntilAccepted() {
    server.thenAnswer(500, 503);
    Selene selene = client(config());
    selene.track(llmStart(1));

    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(server.ingestRequests()).hasSize(3);
    assertThat(names(server.acceptedEvents())).containsExactly("model-1");
    assertThat(selene.stats().retries()).isEqualTo(2);
    assertThat(selene.stats().failed()).isZero();
  }

  @Test
  void serverAnswers429WithRetryAfter_waitsThatLongBeforeResending() {
    server.thenAnswer(new Answer(429, Map.of("Retry-After", "1"), "{}"));
    Selene selene = client(config().maxBackoff(Duration.ofSeconds(5)));
    selene.track(llmStart(1));

    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(server.ingestRequests()).hasSize(2);
    assertThat(selene.stats().sent()).isEqualTo(1);
    assertThat(selene.stats().retries()).isEqualTo(1);
  }

  @Test
  void serverAlways500_givesUpAfterMaxRetriesAndTheAppGoesOn() {
    server.alwaysAnswer(500);
    Selene selene = client(config().maxRetries(3));

    String out = selene.agent("agent", "in", run -> "out"); // the app's own work is unaffected

    assertThat(out).isEqualTo("out");
    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(server.ingestRequests()).hasSize(4); // 1 + 3 retries, then given up
    assertThat(selene.stats().failed()).isEqualTo(2);
    assertThat(selene.stats().sent()).isZero();
  }

  @Test
  void serverAnswers401_notRetriedAndCountedAsFailed() {
    server.alwaysAnswer(401);
    Selene selene = client(config());
    selene.track(llmStart(1));

    selene.flush(Duration.ofSeconds(5));

    assertThat(server.ingestRequests()).hasSize(1);
    assertThat(selene.stats().failed()).isEqualTo(1);
    assertThat(selene.stats().retries()).isZero();
  }

  @Test
  void serverDownThenBackUp_nothingLost() {
    server.down();
    Selene selene = client(config().maxBackoff(Duration.ofMillis(200)));
    for (int i = 0; i < 10; i++) selene.track(llmStart(i));

    assertThat(selene.flush(Duration.ofMillis(300))).isFalse(); // connection refused, retrying
    server.up();

    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(names(server.acceptedEvents()))
        .containsExactlyInAnyOrder(
            "model-0", "model-1", "model-2", "model-3", "model-4", "model-5", "model-6", "model-7",
            "model-8", "model-9");
    assertThat(selene.stats().failed()).isZero();
    assertThat(selene.stats().dropped()).isZero();
  }

  @Test
  void queueFull_dropsTheOldestEventsAndCountsThem() {
    server.alwaysAnswer(503);
    Selene selene =
        client(config().queueCapacity(10).maxBatchSize(1).flushInterval(Duration.ofMillis(5)));
    selene.track(llmStart(0)); // taken by the sender, which keeps retrying it
    await(() -> !server.ingestRequests().isEmpty());

    for (int i = 1; i <= 25; i++) selene.track(llmStart(i));
    assertThat(selene.stats().dropped()).isEqualTo(15);
    assertThat(selene.stats().queued()).isEqualTo(10);

    server.alwaysAnswer(200);
    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();
    List<String> accepted = names(server.acceptedEvents());
    assertThat(accepted).first().isEqualTo("model-0");
    assertThat(accepted.subList(1, accepted.size()))
        .containsExactly(
            "model-16",
            "model-17",
            "model-18",
            "model-19",
            "model-20",
            "model-21",
            "model-22",
            "model-23",
            "model-24",
            "model-25");
  }

  @Test
  void serverHangs_callerIsNeverBlocked() {
    server.delay(Duration.ofSeconds(3));
    Selene selene =
        client(config().maxBatchSize(10).queueCapacity(100).flushInterval(Duration.ofMillis(1)));
    selene.track(llmStart(0));
    await(() -> server.ingestRequests().size() == 1); // the sender now waits for the answer

    for (int i = 0; i < 5_000; i++) selene.track(llmStart(i));
    selene.agent("agent", "in", run -> "out");

    // everything above returned while the only request made is still unanswered
    assertThat(server.ingestRequests()).hasSize(1);
    assertThat(selene.stats().sent()).isZero();
    assertThat(selene.stats().dropped()).isGreaterThan(4_000);
  }

  @Test
  void flush_serverSlowerThanTimeout_returnsFalse() {
    server.delay(Duration.ofSeconds(2));
    Selene selene = client(config());
    selene.track(llmStart(1));

    assertThat(selene.flush(Duration.ofMillis(100))).isFalse();
    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void noKey_tracksNothingButRunsTheApplicationCode() {
    Selene selene = client(SeleneConfig.builder().apiUrl(server.url()).shutdownHook(false));

    String out = selene.agent("agent", "in", run -> "out");
    selene.track(llmStart(1));
    selene.openThread().trackMessage(Message.user("hi"));

    assertThat(out).isEqualTo("out");
    assertThat(selene.isEnabled()).isFalse();
    assertThat(selene.flush(Duration.ofSeconds(1))).isTrue();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void optOut_discardsQueuedEventsAndStopsCapture() {
    Selene selene = client(config());
    selene.track(llmStart(1));

    selene.optOut();
    selene.track(llmStart(2));
    selene.agent("agent", "in", run -> "out");

    assertThat(selene.flush(Duration.ofSeconds(2))).isTrue();
    assertThat(server.requests()).isEmpty();
    assertThat(selene.isEnabled()).isFalse();
  }

  @Test
  void close_sendsWhatIsQueued() {
    Selene selene = Selene.create(config().build());
    selene.track(llmStart(1));

    selene.close();

    assertThat(names(server.acceptedEvents())).containsExactly("model-1");
  }

  @Test
  void jvmExit_shutdownHookSendsQueuedEvents() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ExitWithoutFlush.class.getName(),
                server.url())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    assertThat(names(server.acceptedEvents())).containsExactly("exiting-agent", "exiting-agent");
  }

  /** A program that tracks a run and exits at once, leaving the flush to the shutdown hook. */
  public static final class ExitWithoutFlush {
    public static void main(String[] args) {
      Selene selene =
          Selene.create(
              SeleneConfig.builder()
                  .apiUrl(args[0])
                  .publicKey("pk-exit")
                  .flushInterval(Duration.ofMinutes(1))
                  .build());
      selene.agent("exiting-agent", "in", run -> "out");
      System.exit(0);
    }
  }
}
