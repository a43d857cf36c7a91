package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalyticsParamsTest {
  private final AnalyticsClient client = new AnalyticsClient(TestServer.shared());

  private static final String VALID =
      AnalyticsClient.range("2025-01-01T00:00:00.000Z", "2025-01-08T00:00:00.000Z", "UTC", "daily");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "endDate=2025-01-08T00:00:00.000Z&timeZone=UTC&granularity=daily|startDate|required",
        "startDate=2025-01-01&endDate=2025-01-08T00:00:00.000Z&timeZone=UTC&granularity=daily|startDate|ISO-8601",
        "startDate=2025-01-01T00:00:00.000Z&endDate=soon&timeZone=UTC&granularity=daily|endDate|ISO-8601",
        "startDate=2025-01-08T00:00:00.000Z&endDate=2025-01-01T00:00:00.000Z&timeZone=UTC&granularity=daily|endDate|after startDate",
        "startDate=2025-01-01T00:00:00.000Z&endDate=2025-01-08T00:00:00.000Z&timeZone=Mars/Olympus&granularity=daily|timeZone|IANA",
        "startDate=2025-01-01T00:00:00.000Z&endDate=2025-01-08T00:00:00.000Z&granularity=daily|timeZone|required",
        "startDate=2025-01-01T00:00:00.000Z&endDate=2025-01-08T00:00:00.000Z&timeZone=UTC&granularity=yearly|granularity|hourly, daily, weekly, monthly",
        "startDate=2025-01-01T00:00:00.000Z&endDate=2025-01-08T00:00:00.000Z&timeZone=UTC|granularity|required",
        "startDate=2000-01-01T00:00:00.000Z&endDate=2025-01-08T00:00:00.000Z&timeZone=UTC&granularity=hourly|granularity|coarser",
      })
  void seriesRoute_invalidParameter_422NamingIt(String query, String field, String hint) {
    Response r = client.request("tokens", query, client.project.privateKey());

    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode body = AnalyticsClient.parse(r.asString());
    assertThat(body.path("error").asText()).isEqualTo("Validation Error");
    assertThat(body.path("details").path("field").asText()).isEqualTo(field);
    assertThat(body.path("message").asText()).startsWith(field + ": ").contains(hint);
  }

  @Test
  void everyProjectRoute_validParameters_answers200() {
    for (String route : Analytics.ROUTES) {
      Response r = client.request(route, VALID, client.project.privateKey());
      assertThat(r.statusCode()).as(route + ": " + r.asString()).isEqualTo(200);
    }
  }

  @Test
  void timeZone_matchedCaseInsensitivelyAndOffsetDatesAccepted() {
    Response r =
        client.request(
            "runs",
            "startDate=2025-01-01T01:00:00%2B01:00&endDate=2025-01-08T00:00:00Z"
                + "&timeZone=europe/paris&granularity=daily",
            client.project.privateKey());

    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
  }

  @Test
  void publicKey_refusedWith403() {
    assertThat(client.request("tokens", VALID, client.project.publicKey()).statusCode())
        .isEqualTo(403);
  }

  @Test
  void orgKey_onProjectRoute_refusedWith401() {
    assertThat(client.request("tokens", VALID, client.project.orgKey()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void orgModelsTop_withProjectKey_401OrgKeyRequired() {
    Response r = client.request("org/models/top", "", client.project.privateKey());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(AnalyticsClient.parse(r.asString()).path("message").asText())
        .isEqualTo("Org API key required");
  }

  @Test
  void noKey_401() {
    Response r =
        io.restassured.RestAssured.given()
            .baseUri(client.server.baseUrl())
            .get("/v1/analytics/tokens?" + VALID);
    assertThat(r.statusCode()).isEqualTo(401);
  }
}
