package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.RecordingServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requests are exactly what the Lunary SDKs send (reference/sdk-wire.md), so the SDK works
 * against any Lunary-compatible server: camelCase keys, ISO-8601 timestamps, UUID run ids.
 */
class WireFormatTest {
  private static final String ISO_MICROS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
  private static final String UUID =
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private final RecordingServer server = RecordingServer.start();
  private final Selene selene =
      Selene.create(
          SeleneConfig.builder()
              .apiUrl(server.url() + "/")
              .publicKey("pk-wire")
              .shutdownHook(false)
              .flushInterval(Duration.ofMinutes(1))
              .build());

  @AfterEach
  void stop() {
    selene.close();
    server.close();
  }

  private List<JsonNode> sent() {
    assertThat(selene.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(server.ingestRequests())
        .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/runs/ingest"));
    return server.acceptedEvents();
  }

  private static List<String> keys(JsonNode event) {
    List<String> keys = new ArrayList<>();
    event.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  record Weather(String city, int temperature) {}

  @Test
  void wrappedAgentWithTool_startAndEndEventsHaveTheJsSdkFields() {
    try (Scope s = selene.identify("user-123", Map.of("name", "Jane"))) {
      selene
          .agent("weather-agent")
          .input(Map.of("question", "What's the weather?"))
          .metadata(Map.of("suite", "probe"))
          .tags("probe", "agent")
          .call(run -> selene.tool("get-weather", "Paris", t -> new Weather("Paris", 21)));
    }
    List<JsonNode> events = sent();

    assertThat(events)
        .extracting(e -> e.get("type").asText() + ":" + e.get("event").asText())
        .containsExactly("agent:start", "tool:start", "tool:end", "agent:end");
    JsonNode agentStart = events.get(0);
    assertThat(keys(agentStart))
        .containsExactly(
            "event",
            "type",
            "runId",
            "timestamp",
            "runtime",
            "name",
            "userId",
            "userProps",
            "input",
            "metadata",
            "tags");
    assertThat(agentStart.get("runId").asText()).matches(UUID);
    assertThat(agentStart.get("timestamp").asText()).matches(ISO_MICROS);
    assertThat(agentStart.get("runtime").asText()).isEqualTo("selene-java");
    assertThat(agentStart.get("tags").toString()).isEqualTo("[\"probe\",\"agent\"]");
    assertThat(agentStart.get("userProps").toString()).isEqualTo("{\"name\":\"Jane\"}");

    JsonNode toolStart = events.get(1);
    assertThat(toolStart.get("parentRunId").asText()).isEqualTo(agentStart.get("runId").asText());
    assertThat(toolStart.has("tags")).as("run tags do not cascade").isFalse();
    JsonNode toolEnd = events.get(2);
    assertThat(keys(toolEnd))
        .containsExactly(
            "event",
            "type",
            "runId",
            "parentRunId",
            "timestamp",
            "runtime",
            "name",
            "userId",
            "userProps",
            "output");
    assertThat(toolEnd.get("output").toString())
        .isEqualTo("{\"city\":\"Paris\",\"temperature\":21}");
    assertThat(events.get(3).get("output").toString())
        .isEqualTo("{\"city\":\"Paris\",\"temperature\":21}");
    assertThat(events)
        .extracting(e -> e.get("timestamp").asText())
        .isSorted()
        .doesNotHaveDuplicates();
  }

  @Test
  void wrapWithParsers_recordsParsedInputAndOutput_callerGetsRealValues() {
    Function<Weather, Weather> warmer =
        selene.wrap(
            RunType.TOOL,
            "warmer",
            w -> new Weather(w.city(), w.temperature() + 1),
            w -> w.city(),
            w -> w.temperature() + "°C");

    Weather result = warmer.apply(new Weather("Oslo", 3));

    assertThat(result).isEqualTo(new Weather("Oslo", 4));
    List<JsonNode> events = sent();
    assertThat(events.get(0).get("input").asText()).isEqualTo("Oslo");
    assertThat(events.get(1).get("output").asText()).isEqualTo("4°C");
  }

  @Test
  void failingOutputParser_reportedToTheHandler_outputRecordedUnparsed() {
    List<SeleneException> reported = new ArrayList<>();
    try (Selene withHandler =
        Selene.create(
            SeleneConfig.builder()
                .apiUrl(server.url())
                .publicKey("pk-wire")
                .shutdownHook(false)
                .errorHandler(reported::add)
                .build())) {
      String answer =
          withHandler
              .chain("parsed")
              .outputParser(
                  o -> {
                    throw new IllegalStateException("parser bug");
                  })
              .call(run -> "the answer");

      assertThat(answer).isEqualTo("the answer");
      assertThat(withHandler.flush(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(reported)
        .singleElement()
        .satisfies(e -> assertThat(e).hasRootCauseMessage("parser bug"));
    assertThat(server.acceptedEvents().get(1).get("output").asText()).isEqualTo("the answer");
  }

  @Test
  void failingRun_errorEventCarriesMessageAndStack() {
    try {
      selene.llm(
          "fail-model",
          "boom",
          run -> {
            throw new IllegalArgumentException("Simulated LLM failure");
          });
    } catch (IllegalArgumentException expected) {
      // rethrown as is
    }
    JsonNode error = sent().get(1);

    assertThat(error.get("event").asText()).isEqualTo("error");
    assertThat(error.at("/error/message").asText()).isEqualTo("Simulated LLM failure");
    assertThat(error.at("/error/stack").asText())
        .startsWith("java.lang.IllegalArgumentException: Simulated LLM failure")
        .contains("at dev.selene.sdk.WireFormatTest");
  }

  @Test
  void threadAndFeedback_eventsHaveTheJsSdkShape() {
    ChatThread thread =
        selene.thread().tags("probe-thread").user("user-456", Map.of("name", "Bob")).open();
    String msg = thread.trackMessage(Message.user("Hello thread"));
    thread.trackEvent("open-document", Map.of("documentName", "doc.pdf"));
    selene.trackFeedback(msg, Feedback.thumbUp().comment("great"));
    List<JsonNode> events = sent();

    JsonNode chat = events.get(0);
    assertThat(keys(chat))
        .containsExactly(
            "event",
            "type",
            "runId",
            "parentRunId",
            "timestamp",
            "runtime",
            "userId",
            "userProps",
            "message",
            "threadTags");
    assertThat(chat.get("event").asText()).isEqualTo("chat");
    assertThat(chat.get("type").asText()).isEqualTo("thread");
    assertThat(chat.get("runId").asText()).isEqualTo(msg);
    assertThat(chat.get("parentRunId").asText()).isEqualTo(thread.id());
    assertThat(chat.get("message").toString())
        .isEqualTo("{\"role\":\"user\",\"content\":\"Hello thread\"}");
    assertThat(chat.get("threadTags").toString()).isEqualTo("[\"probe-thread\"]");

    JsonNode custom = events.get(1);
    assertThat(custom.get("event").asText()).isEqualTo("custom-event");
    assertThat(custom.get("name").asText()).isEqualTo("open-document");
    assertThat(custom.get("metadata").toString()).isEqualTo("{\"documentName\":\"doc.pdf\"}");
    assertThat(custom.get("parentRunId").asText()).isEqualTo(thread.id());

    JsonNode feedback = events.get(2);
    assertThat(keys(feedback))
        .containsExactly("event", "type", "runId", "timestamp", "runtime", "feedback", "overwrite");
    assertThat(feedback.get("type").isNull()).isTrue();
    assertThat(feedback.get("feedback").toString())
        .isEqualTo("{\"thumb\":\"up\",\"comment\":\"great\"}");
    assertThat(feedback.get("overwrite").asBoolean()).isFalse();
  }

  @Test
  void logs_eventsHaveTheJsSdkShape() {
    selene.info("info message", Map.of("a", 1));
    selene.warn("warn message");
    String[] parent = new String[1];
    selene.chain(
        "pipeline",
        null,
        run -> {
          parent[0] = run.id();
          selene.error("error message", new IllegalArgumentException("bad thing"));
          return null;
        });
    List<JsonNode> events = sent();

    JsonNode info = events.get(0);
    assertThat(keys(info))
        .containsExactly("event", "type", "timestamp", "runtime", "message", "extra");
    assertThat(info.get("event").asText()).isEqualTo("info");
    assertThat(info.get("type").asText()).isEqualTo("log");
    assertThat(info.get("message").asText()).isEqualTo("info message");
    assertThat(info.get("extra").toString()).isEqualTo("{\"a\":1}");
    assertThat(info.get("timestamp").asText()).matches(ISO_MICROS);

    assertThat(keys(events.get(1)))
        .containsExactly("event", "type", "timestamp", "runtime", "message");
    assertThat(events.get(1).get("event").asText()).isEqualTo("warn");

    JsonNode error =
        events.stream().filter(e -> "log".equals(e.path("type").asText())).toList().get(2);
    assertThat(keys(error))
        .containsExactly(
            "event", "type", "parentRunId", "timestamp", "runtime", "message", "extra");
    assertThat(error.get("event").asText()).isEqualTo("error");
    assertThat(error.get("parentRunId").asText()).isEqualTo(parent[0]);
    assertThat(error.at("/extra/message").asText()).isEqualTo("bad thing");
    assertThat(error.at("/extra/stack").asText())
        .startsWith("java.lang.IllegalArgumentException: bad thing");
  }

  @Test
  void unserializableValue_replacedByADescriptionAndTheEventIsKept() {
    Iterable<String> broken =
        () ->
            new Iterator<>() {
              public boolean hasNext() {
                throw new ConcurrentModificationException("changed while sent");
              }

              public String next() {
                return null;
              }
            };
    selene.track(Event.start(RunType.TOOL, "t-1").name("tool").input(broken).output(Double.NaN));
    JsonNode event = sent().get(0);

    assertThat(event.get("name").asText()).isEqualTo("tool");
    assertThat(event.get("input").asText())
        .startsWith("[unserializable")
        .contains("changed while sent");
    assertThat(event.get("output").isNull()).isTrue();
  }

  @Test
  void valueMapper_convertsUnknownObjects() {
    Selene mapped =
        Selene.create(
            selene.config().toBuilder()
                .valueMapper(o -> Map.of("mapped", o.getClass().getSimpleName()))
                .build());
    mapped.track(Event.start(RunType.TOOL, "t-2").name("tool").input(new Object()));
    mapped.close();

    assertThat(server.acceptedEvents().get(0).get("input").toString())
        .isEqualTo("{\"mapped\":\"Object\"}");
  }
}
