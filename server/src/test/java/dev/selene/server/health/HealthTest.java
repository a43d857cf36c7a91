package dev.selene.server.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.selene.server.testing.TestServer;
import org.junit.jupiter.api.Test;

class HealthTest {
  private final TestServer server = TestServer.shared();

  @Test
  void health_databaseReachable_returnsOk() {
    given()
        .baseUri(server.baseUrl())
        .when()
        .get("/v1/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("OK"));
  }

  @Test
  void unknownRoute_returnsJson404() {
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + server.newProject().privateKey())
        .when()
        .get("/v1/nothing-here")
        .then()
        .statusCode(404)
        .body("message", equalTo("Not Found"));
  }

  @Test
  void protectedRoute_withoutKey_returns401NamingTheHeaders() {
    given()
        .baseUri(server.baseUrl())
        .when()
        .get("/v1/runs")
        .then()
        .statusCode(401)
        .body("message", org.hamcrest.Matchers.containsString("Authorization: Bearer"));
  }
}
