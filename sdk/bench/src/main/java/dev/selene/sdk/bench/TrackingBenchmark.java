package dev.selene.sdk.bench;

import com.sun.net.httpserver.HttpServer;
import dev.selene.sdk.Event;
import dev.selene.sdk.RunType;
import dev.selene.sdk.Selene;
import dev.selene.sdk.SeleneConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracking costs the application's thread: one manual event, and one wrapped call (a run
 * started and ended: two events plus the context switch). The events go to a loopback sink that
 * answers 200 at once; the caller never waits for it, and when the benchmark outpaces the sender
 * the queue's drop-oldest path is part of what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrackingBenchmark {
  private static final List<Map<String, String>> MESSAGES =
      List.of(Map.of("role", "user", "content", "What's the weather in Paris?"));

  private HttpServer sink;
  private Selene selene;
  private Selene disabled;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    sink.start();
    selene =
        Selene.create(
            SeleneConfig.builder()
                .apiUrl("http://127.0.0.1:" + sink.getAddress().getPort())
                .publicKey("pk-bench")
                .queueCapacity(100_000)
                .maxBatchSize(500)
                .shutdownHook(false)
                .shutdownTimeout(Duration.ofSeconds(1))
                .build());
    disabled = Selene.create(SeleneConfig.builder().shutdownHook(false).build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println("\n" + selene.stats());
    selene.close();
    disabled.close();
    sink.stop(0);
  }

  /** One manual {@code track(Event)} call: the {@code trackEvent} of the other SDKs. */
  @Benchmark
  public void trackEvent() {
    selene.track(
        Event.start(RunType.LLM, Selene.newRunId())
            .name("gpt-4o-mini")
            .input(MESSAGES)
            .tags("bench"));
  }

  /** One wrapped tool call: a start and an end event, the context pushed and restored. */
  @Benchmark
  public int wrappedCall() {
    return selene.tool("get-weather", "Paris", run -> 21);
  }

  /** The same wrapped call with no key configured: what the SDK costs when it is off. */
  @Benchmark
  public int wrappedCallDisabled() {
    return disabled.tool("get-weather", "Paris", run -> 21);
  }
}
