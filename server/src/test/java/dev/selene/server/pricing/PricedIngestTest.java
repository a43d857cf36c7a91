package dev.selene.server.pricing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens and cost of LLM runs ingested through the real endpoint, as SDKs send them. */
class PricedIngestTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private record StoredCost(Integer prompt, Integer completion, Double cost) {}

  private UUID ingestLlmCall(String model, String startedAt, String endedAt, String tokensUsage) {
    UUID runId = UUID.randomUUID();
    String events =
        """
        [{"type":"llm","event":"start","runId":"%s","name":"%s","timestamp":"%s",
          "input":[{"role":"user","content":"What is the capital of France?"}]},
         {"type":"llm","event":"end","runId":"%s","timestamp":"%s",
          "output":{"role":"assistant","content":"Paris."}%s}]
        """
            .formatted(
                runId,
                model,
                startedAt,
                runId,
                endedAt,
                tokensUsage == null ? "" : ",\"tokensUsage\":" + tokensUsage);
    post(events);
    return runId;
  }

  private void post(String events) {
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .contentType(ContentType.JSON)
        .body("{\"events\":" + events + "}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(200);
  }

  private static String start(UUID runId, String model, String at) {
    return """
        [{"type":"llm","event":"start","runId":"%s","name":"%s","timestamp":"%s",
          "input":[{"role":"user","content":"What is the capital of France?"}]}]
        """
        .formatted(runId, model, at);
  }

  private static String end(UUID runId, String at, String tokensUsage) {
    return """
        [{"type":"llm","event":"end","runId":"%s","timestamp":"%s",
          "output":{"role":"assistant","content":"Paris."}%s}]
        """
        .formatted(runId, at, tokensUsage == null ? "" : ",\"tokensUsage\":" + tokensUsage);
  }

  private StoredCost stored(UUID runId) throws SQLException {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select prompt_tokens, completion_tokens, cost from run"
                    + " where project_id = ? and id = ?")) {
      ps.setObject(1, project.id());
      ps.setObject(2, runId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return new StoredCost(
            rs.getObject(1, Integer.class),
            rs.getObject(2, Integer.class),
            rs.getObject(3, Double.class));
      }
    }
  }

  @Test
  void ingest_llmRunWithUsage_pricedFromSeededTable() throws Exception {
    UUID run =
        ingestLlmCall(
            "gpt-4o-mini-2024-07-18",
            "2025-05-01T10:00:00.000Z",
            "2025-05-01T10:00:01.000Z",
            "{\"prompt\":1000,\"completion\":200,\"promptCached\":400}");
    // 600 * 0.15 + 400 * 0.075 + 200 * 0.60 per 1M
    assertThat(stored(run)).isEqualTo(new StoredCost(1000, 200, 0.00024));
  }

  @Test
  void ingest_llmRunWithoutUsage_tokensCountedThenPriced() throws Exception {
    UUID run =
        ingestLlmCall("gpt-4o", "2025-05-01T10:00:00.000Z", "2025-05-01T10:00:00.800Z", null);
    TiktokenCounter counter = new TiktokenCounter();
    ObjectMapper json = new ObjectMapper();
    int prompt =
        counter.countPrompt(
            "gpt-4o",
            json.readTree("[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"),
            null);
    int completion =
        counter.countCompletion(
            "gpt-4o", json.readTree("{\"role\":\"assistant\",\"content\":\"Paris.\"}"));
    assertThat(prompt).isEqualTo(3 + 1 + 7 + 3);
    assertThat(completion).isEqualTo(2);
    double cost = Math.round((prompt * 2.5 + completion * 10.0) / 1e6 * 1e10) / 1e10;
    assertThat(stored(run)).isEqualTo(new StoredCost(prompt, completion, cost));
  }

  @Test
  void ingest_startAndEndInSeparateRequests_pricedWhenTheEndArrives() throws Exception {
    UUID withUsage = UUID.randomUUID();
    UUID withoutUsage = UUID.randomUUID();
    post(start(withUsage, "gpt-4o", "2025-05-01T10:00:00.000Z"));
    post(start(withoutUsage, "gpt-4o", "2025-05-01T10:00:00.000Z"));
    assertThat(stored(withUsage).cost()).as("not finished yet").isNull();

    post(end(withUsage, "2025-05-01T10:00:01.000Z", "{\"prompt\":1000,\"completion\":100}"));
    post(end(withoutUsage, "2025-05-01T10:00:01.000Z", null));

    assertThat(stored(withUsage)).isEqualTo(new StoredCost(1000, 100, 0.0035));
    assertThat(stored(withoutUsage))
        .as("tokens counted from the stored input and the end's output, then priced")
        .isEqualTo(new StoredCost(14, 2, Math.round((14 * 2.5 + 2 * 10.0) / 1e6 * 1e10) / 1e10));
  }

  @Test
  void ingest_endBeforeStartInSeparateRequests_pricedWhenTheStartArrives() throws Exception {
    UUID run = UUID.randomUUID();
    post(end(run, "2025-05-01T10:00:01.000Z", "{\"prompt\":1000,\"completion\":100}"));
    post(start(run, "gpt-4o", "2025-05-01T10:00:00.000Z"));
    assertThat(stored(run)).isEqualTo(new StoredCost(1000, 100, 0.0035));
  }

  @Test
  void ingest_priceChangedSinceTheCall_olderRunKeepsOldPrice() throws Exception {
    String usage = "{\"prompt\":1000000,\"completion\":0}";
    UUID before =
        ingestLlmCall("o3", "2025-06-01T00:00:00.000Z", "2025-06-01T00:00:05.000Z", usage);
    UUID after = ingestLlmCall("o3", "2025-07-01T00:00:00.000Z", "2025-07-01T00:00:05.000Z", usage);
    assertThat(stored(before).cost()).isEqualTo(10.0);
    assertThat(stored(after).cost()).isEqualTo(2.0);
  }

  @Test
  void ingest_unpricedModel_costNullTokensStillCounted() throws Exception {
    UUID run =
        ingestLlmCall(
            "my-local-llama", "2025-05-01T10:00:00.000Z", "2025-05-01T10:00:01.000Z", null);
    StoredCost stored = stored(run);
    assertThat(stored.cost()).isNull();
    assertThat(stored.prompt()).isPositive();
    assertThat(stored.completion()).isPositive();
  }

  @Test
  void ingest_afterOrgPriceCreatedViaApi_usesItAtOnce() throws Exception {
    String usage = "{\"prompt\":1000000,\"completion\":1000000}";
    UUID first =
        ingestLlmCall("gpt-4o-mini", "2025-05-01T10:00:00.000Z", "2025-05-01T10:00:01.000Z", usage);
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType(ContentType.JSON)
        .body(
            "{\"name\":\"negotiated mini\",\"pattern\":\"^gpt-4o-mini$\",\"unit\":\"TOKENS\","
                + "\"inputCost\":0.1,\"outputCost\":0.2}")
        .post("/v1/models")
        .then()
        .statusCode(200);
    UUID second =
        ingestLlmCall("gpt-4o-mini", "2025-05-01T11:00:00.000Z", "2025-05-01T11:00:01.000Z", usage);
    assertThat(stored(first).cost()).isEqualTo(0.75);
    assertThat(stored(second).cost()).isEqualTo(0.3);
  }
}
