package dev.selene.server.playground;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.selene.server.testing.TestServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestEndpointTest {
  private final TestServer server = TestServer.shared();

  private RequestSpecification anyone() {
    return given().baseUri(server.baseUrl());
  }

  @Test
  void echo_jsonBody_returnsBodyAndHeadersWithoutCredentials() {
    anyone()
        .contentType(ContentType.JSON)
        .header("Authorization", "Bearer not-a-selene-key")
        .header("X-API-Key", "secret")
        .header("X-Tenant", "acme")
        .body(Map.of("content", "hi", "variables", Map.of("city", "Paris")))
        .post("/v1/test-endpoint")
        .then()
        .statusCode(200)
        .body("message", equalTo("Test endpoint successfully received your request"))
        .body("receivedAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*\\.\\d{3}Z"))
        .body("echo.variables.city", equalTo("Paris"))
        .body("headers.x-tenant", equalTo("acme"))
        .body("headers.authorization", nullValue())
        .body("headers.x-api-key", nullValue())
        .body("method", equalTo("POST"));
  }

  @Test
  void echo_noBody_echoesEmptyObject() {
    anyone().post("/v1/test-endpoint").then().statusCode(200).body("echo.size()", equalTo(0));
  }

  @Test
  void auth_bearerToken_reportsBearer() {
    anyone()
        .header("Authorization", "Bearer abc123")
        .contentType(ContentType.JSON)
        .body(Map.of("q", 1))
        .post("/v1/test-endpoint/auth")
        .then()
        .statusCode(200)
        .body("message", equalTo("Authentication successful"))
        .body("authType", equalTo("bearer"))
        .body("receivedAt", notNullValue())
        .body("echo.q", equalTo(1));
  }

  @Test
  void auth_basicCredentials_reportsBasic() {
    anyone()
        .auth()
        .preemptive()
        .basic("ann", "pw")
        .post("/v1/test-endpoint/auth")
        .then()
        .statusCode(200)
        .body("authType", equalTo("basic"));
  }

  @Test
  void auth_apiKeyHeader_reportsApiKey() {
    anyone()
        .header("X-API-Key", "k-1")
        .post("/v1/test-endpoint/auth")
        .then()
        .statusCode(200)
        .body("authType", equalTo("api_key"));
  }

  @Test
  void auth_noCredentials_returns401() {
    anyone()
        .post("/v1/test-endpoint/auth")
        .then()
        .statusCode(401)
        .body("error", equalTo("Unauthorized"))
        .body("message", equalTo("Missing or invalid authentication"));
  }

  @Test
  void auth_emptyBearer_returns401() {
    anyone()
        .header("Authorization", "Bearer ")
        .post("/v1/test-endpoint/auth")
        .then()
        .statusCode(401);
  }
}
