package dev.selene.server.otlp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden fixtures, one per convention: a recorded-style OTLP/JSON payload in, the expected runs out
 * ({@code fixtures/otlp/*.json}: {@code request}, {@code rejectedSpans}, and {@code runs} keyed by
 * span id with the run fields that must match; {@code metadata} is compared key by key).
 */
class OtlpFixturesTest {
  private final TestServer server = TestServer.shared();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "genai-legacy",
        "genai-events",
        "openinference",
        "vercel-ai",
        "openllmetry",
        "pydantic-logfire",
        "langwatch",
        "lunary",
        "pydantic-ai-v2",
        "openlit",
        "malformed"
      })
  void fixture_postedAsOtlpJson_storesExpectedRuns(String name) throws IOException {
    JsonNode fixture = load(name);
    TestProject project = server.newProject();
    StoredRuns runs = new StoredRuns(server, project);

    Response response =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.privateKey())
            .contentType("application/json")
            .body(fixture.get("request").toString())
            .post("/v1/traces");

    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    JsonNode reply = StoredRuns.JSON.readTree(response.asString());
    int rejected = fixture.path("rejectedSpans").asInt(0);
    assertThat(reply.path("partialSuccess").path("rejectedSpans").asInt(0)).isEqualTo(rejected);
    for (JsonNode problem : fixture.path("problems")) {
      assertThat(reply.path("partialSuccess").path("errorMessage").asText())
          .contains(problem.asText());
    }

    SoftAssertions soft = new SoftAssertions();
    Iterator<Map.Entry<String, JsonNode>> expected = fixture.get("runs").fields();
    int count = 0;
    while (expected.hasNext()) {
      Map.Entry<String, JsonNode> e = expected.next();
      count++;
      Map<String, Object> run = runs.bySpanId(e.getKey());
      soft.assertThat(run).as(name + " span " + e.getKey()).isNotNull();
      if (run != null) {
        compare(soft, name + " span " + e.getKey(), run, (ObjectNode) e.getValue());
      }
    }
    soft.assertThat(runs.all()).as(name + ": visible runs").hasSize(count);
    soft.assertAll();
  }

  private static void compare(
      SoftAssertions soft, String label, Map<String, Object> run, ObjectNode expected) {
    expected
        .fields()
        .forEachRemaining(
            f -> {
              String field = f.getKey();
              JsonNode want = f.getValue();
              String as = label + " ." + field;
              switch (field) {
                case "parentSpanId" ->
                    soft.assertThat(run.get("parent_run_id"))
                        .as(as)
                        .isEqualTo(RunIds.normalize(want.asText(null)));
                case "user" ->
                    soft.assertThat(run.get("user_external_id"))
                        .as(as)
                        .isEqualTo(want.asText(null));
                case "tags" ->
                    soft.assertThat((Object) StoredRuns.JSON.valueToTree(run.get("tags")))
                        .as(as)
                        .isEqualTo(want);
                case "metadata" ->
                    want.fields()
                        .forEachRemaining(
                            m ->
                                soft.assertThat(
                                        StoredRuns.json(run, "metadata").at("/" + m.getKey()))
                                    .as(as + "." + m.getKey())
                                    .isEqualTo(m.getValue()));
                case "mapping" ->
                    want.fields()
                        .forEachRemaining(
                            m ->
                                soft.assertThat(
                                        StoredRuns.json(run, "metadata")
                                            .path("otel")
                                            .path("mapping")
                                            .path(m.getKey())
                                            .asText(null))
                                    .as(as + "." + m.getKey())
                                    .isEqualTo(m.getValue().asText()));
                default -> {
                  Object actual = run.get(column(field));
                  JsonNode actualJson =
                      actual instanceof JsonNode j ? j : StoredRuns.JSON.valueToTree(actual);
                  soft.assertThat((Object) actualJson).as(as).isEqualTo(want);
                }
              }
            });
  }

  private static String column(String field) {
    return switch (field) {
      case "promptTokens" -> "prompt_tokens";
      case "completionTokens" -> "completion_tokens";
      case "cachedPromptTokens" -> "cached_prompt_tokens";
      case "duration" -> "duration_text";
      case "templateVersionId" -> "template_version_id";
      default -> field;
    };
  }

  private static JsonNode load(String name) throws IOException {
    try (InputStream in =
        OtlpFixturesTest.class.getResourceAsStream("/fixtures/otlp/" + name + ".json")) {
      assertThat(in).as("fixture " + name).isNotNull();
      return StoredRuns.JSON.readTree(in);
    }
  }
}
