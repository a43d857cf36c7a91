package dev.selene.server.langwatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.otlp.StoredRuns;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LangWatch custom events, as the seed's curl example and LangWatch SDK users send them. */
class TrackEventTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String ROOT_SPAN = "00f067aa0ba902b7";

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns runs = new StoredRuns(server, project);

  @Test
  void trackEvent_seedCurlExample_200AndStoredAsCustomEventWithMetrics() {
    Response r =
        track(
            "/api/track_event",
            """
            {"trace_id": "trace_Yy0XWu6BOwwnrkLtQh9Ji", "event_type": "add_to_cart",
             "metrics": {"amount": 17.5},
             "event_details": {"product_id": "sku_123", "referral_source": "bot_suggested"},
             "timestamp": 1617981376000}
            """);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("{\"message\":\"Event tracked\"}");
    List<Map<String, Object>> all = runs.all();
    assertThat(all).hasSize(1);
    Map<String, Object> event = all.get(0);
    assertThat(event.get("type")).isEqualTo("custom-event");
    assertThat(event.get("name")).isEqualTo("add_to_cart");
    assertThat(event.get("parent_run_id")).isNull();
    assertThat(event.get("created_at").toString()).startsWith("2021-04-09");
    assertThat(StoredRuns.json(event, "metadata").toString())
        .isEqualTo(
            "{\"details\":{\"product_id\":\"sku_123\",\"referral_source\":\"bot_suggested\"},"
                + "\"metrics\":{\"amount\":17.5},\"traceId\":\"trace_Yy0XWu6BOwwnrkLtQh9Ji\"}");
    JsonNode listed =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.privateKey())
            .get("/v1/runs?custom-events=add_to_cart")
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);
    assertThat(listed.path("data")).hasSize(1);
    assertThat(listed.path("data").get(0).path("id").asText())
        .isEqualTo(event.get("id").toString());
  }

  @Test
  void trackEvent_beforeItsOtlpTrace_joinsTheRootWhenTheTraceArrives() {
    Response r =
        track(
            "/api/events/track",
            """
            {"trace_id": "%s", "event_type": "thumbs_up_down", "metrics": {"vote": -1},
             "event_details": {"feedback": "ignored my dates"}, "event_id": "fb-1",
             "timestamp": 1740823205000}
            """
                .formatted(TRACE));
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> orphan = runs.all().get(0);
    assertThat(orphan.get("parent_run_id")).isNull();

    postOtlpTrace();

    Map<String, Object> event = runs.byId((java.util.UUID) orphan.get("id"));
    assertThat(event.get("parent_run_id")).isEqualTo(RunIds.normalize(ROOT_SPAN));
    Map<String, Object> root = runs.bySpanId(ROOT_SPAN);
    assertThat(StoredRuns.json(root, "feedback").toString())
        .isEqualTo("{\"thumb\":\"down\",\"comment\":\"ignored my dates\"}");
    assertThat(
            runs.query("select * from langwatch_pending_event where project_id = ?", project.id()))
        .isEmpty();
  }

  @Test
  void trackEvent_afterItsTrace_attachedAtOnceWithFeedbackOnTheRoot() {
    postOtlpTrace();

    track(
        "/api/track_event",
        """
        {"trace_id": "%s", "event_type": "thumbs_up_down", "metrics": {"vote": 1}, "event_id": "up"}
        """
            .formatted(TRACE));

    Map<String, Object> event =
        runs.all().stream()
            .filter(x -> "custom-event".equals(x.get("type")))
            .findFirst()
            .orElseThrow();
    assertThat(event.get("name")).isEqualTo("thumbs_up_down");
    assertThat(event.get("parent_run_id")).isEqualTo(RunIds.normalize(ROOT_SPAN));
    assertThat(StoredRuns.json(runs.bySpanId(ROOT_SPAN), "feedback").toString())
        .isEqualTo("{\"thumb\":\"up\"}");
  }

  @Test
  void otlpSpanEvent_langwatchEvent_storedAsCustomEventUnderTheSpan() {
    String json =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"%s","spanId":"%s","name":"chat","startTimeUnixNano":"1740823200000000000",
           "endTimeUnixNano":"1740823201000000000","events":[
             {"name":"langwatch.event","timeUnixNano":"1740823201300000000","attributes":[
               {"key":"event.type","value":{"stringValue":"thumbs_up_down"}},
               {"key":"event.metrics.vote","value":{"intValue":"1"}},
               {"key":"event.details.feedback","value":{"stringValue":"great"}}]}]}]}]}]}
        """
            .formatted(TRACE, ROOT_SPAN);
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .contentType("application/json")
        .body(json)
        .post("/v1/traces")
        .then()
        .statusCode(200);

    Map<String, Object> event =
        runs.all().stream()
            .filter(x -> "custom-event".equals(x.get("type")))
            .findFirst()
            .orElseThrow();
    assertThat(event.get("name")).isEqualTo("thumbs_up_down");
    assertThat(event.get("parent_run_id")).isEqualTo(RunIds.normalize(ROOT_SPAN));
    assertThat(StoredRuns.json(event, "metadata").toString())
        .isEqualTo(
            "{\"details\":{\"feedback\":\"great\"},\"metrics\":{\"vote\":1.0},\"traceId\":\"%s\"}"
                .formatted(TRACE));
    assertThat(StoredRuns.json(runs.bySpanId(ROOT_SPAN), "metadata").path("otel").has("events"))
        .isFalse();
  }

  @Test
  void trackEvent_sameEventIdTwice_storedOnce() {
    String body =
        """
        {"trace_id": "t-1", "event_type": "waited_to_finish", "metrics": {"finished": 1},
         "event_id": "e-1", "timestamp": 1740823205000}
        """;
    track("/api/track_event", body);
    track("/api/track_event", body);

    assertThat(runs.all()).hasSize(1);
  }

  @Test
  void trackEvent_invalidBodies_400NamingTheField() {
    assertInvalid("{\"trace_id\":\"t\",\"event_type\":\"x\"}", "metrics");
    assertInvalid("{\"event_type\":\"x\",\"metrics\":{}}", "trace_id");
    assertInvalid("{\"trace_id\":\"t\",\"metrics\":{}}", "event_type");
    assertInvalid(
        "{\"trace_id\":\"t\",\"event_type\":\"x\",\"metrics\":{\"a\":\"1\"}}", "metrics.a");
    assertInvalid(
        "{\"trace_id\":\"t\",\"event_type\":\"x\",\"metrics\":{},\"event_details\":{\"d\":3}}",
        "event_details.d");
    assertInvalid(
        "{\"trace_id\":\"t\",\"event_type\":\"thumbs_up_down\",\"metrics\":{\"vote\":2}}",
        "metrics.vote");
    assertInvalid(
        "{\"trace_id\":\"t\",\"event_type\":\"selected_text\",\"metrics\":{\"text_length\":0}}",
        "metrics.text_length");
    assertInvalid(
        "{\"trace_id\":\"t\",\"event_type\":\"x\",\"metrics\":{},\"timestamp\":\"yesterday\"}",
        "timestamp");
    assertThat(runs.all()).isEmpty();
  }

  @Test
  void trackEvent_notJson_400() {
    Response r = track("/api/track_event", "not json");

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void trackEvent_withoutKey_401() {
    Response r =
        given()
            .baseUri(server.baseUrl())
            .contentType("application/json")
            .body("{}")
            .post("/api/track_event");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  private void assertInvalid(String body, String field) {
    Response r = track("/api/track_event", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    JsonNode reply = r.as(JsonNode.class);
    assertThat(reply.path("details").path("field").asText()).as(body).isEqualTo(field);
    assertThat(reply.path("message").asText()).startsWith("Validation error: " + field + ": ");
  }

  private Response track(String path, String body) {
    return given()
        .baseUri(server.baseUrl())
        .header("X-Auth-Token", project.publicKey())
        .contentType("application/json")
        .body(body)
        .post(path);
  }

  private void postOtlpTrace() {
    String json =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"%1$s","spanId":"%2$s","name":"answer","startTimeUnixNano":"1740823200000000000",
           "endTimeUnixNano":"1740823203000000000","attributes":[
             {"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}}]},
          {"traceId":"%1$s","spanId":"1234567812345678","parentSpanId":"%2$s","name":"tool",
           "startTimeUnixNano":"1740823201000000000","endTimeUnixNano":"1740823202000000000"}]}]}]}
        """
            .formatted(TRACE, ROOT_SPAN);
    Response r =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.publicKey())
            .contentType("application/json")
            .body(json)
            .post("/api/otel/v1/traces");
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
  }
}
