package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selene.sdk.testing.RecordingServer;
import dev.selene.sdk.testing.RecordingServer.Answer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@code score} and {@code getFeedback} make, as the JS SDK makes them. */
class RunsApiTest {
  private final RecordingServer server = RecordingServer.start();
  private final Selene selene =
      Selene.create(
          SeleneConfig.builder()
              .apiUrl(server.url())
              .privateKey("sk-1")
              .shutdownHook(false)
              .build());

  @AfterEach
  void stop() {
    selene.close();
    server.close();
  }

  @Test
  void score_sendsPatchWithLabelValueAndComment() {
    server.route("/v1/runs/run-1/score", new Answer(200, Map.of(), "{}"));

    selene.score("run-1", "accuracy", 0.9, "fine");

    RecordingServer.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("PATCH");
    assertThat(r.headers().get("Authorization")).isEqualTo("Bearer sk-1");
    assertThat(r.json().toString())
        .isEqualTo("{\"label\":\"accuracy\",\"value\":0.9,\"comment\":\"fine\"}");
  }

  @Test
  void score_refused_throwsWithTheStatus() {
    server.route(
        "/v1/runs/run-1/score",
        new Answer(403, Map.of(), "{\"message\":\"private key required\"}"));
    assertThatThrownBy(() -> selene.score("run-1", "accuracy", 1, null))
        .isInstanceOf(SeleneException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("private key required");
  }

  @Test
  void getFeedback_returnsTheStoredObjectOrNull() {
    server.route("/v1/runs/run-1/feedback", new Answer(200, Map.of(), "{\"thumb\":\"up\"}"));
    server.route("/v1/runs/run-2/feedback", new Answer(204, Map.of(), ""));

    assertThat(selene.getFeedback("run-1")).isEqualTo(Map.of("thumb", "up"));
    assertThat(selene.getFeedback("run-2")).isNull();
    assertThat(server.requests().get(0).method()).isEqualTo("GET");
  }
}
