package dev.selene.server.playground;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlaygroundEndpointsTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private RequestSpecification priv() {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType(ContentType.JSON);
  }

  private static Map<String, Object> endpoint(String name, Map<String, Object> auth) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("url", "https://rag.example.com/chat");
    body.put("auth", auth);
    body.put("headers", Map.of("Content-Type", "application/json"));
    body.put("defaultPayload", Map.of("tenant", "acme"));
    return body;
  }

  private String create(Map<String, Object> body) {
    return priv()
        .body(body)
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private String storedAuth(String id) throws Exception {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement("select auth::text from playground_endpoint where id = ?")) {
      ps.setObject(1, UUID.fromString(id));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  void create_apiKeyAuth_returns201WithRowAndStoresTheKeyEncrypted() throws Exception {
    String id =
        priv()
            .body(
                endpoint(
                    "RAG staging",
                    Map.of("type", "api_key", "header", "X-Service-Key", "key", "s3cr3t-value-1")))
            .post("/v1/playground-endpoints")
            .then()
            .statusCode(201)
            .body("id", notNullValue())
            .body("projectId", equalTo(project.id().toString()))
            .body("name", equalTo("RAG staging"))
            .body("url", equalTo("https://rag.example.com/chat"))
            .body("auth.type", equalTo("api_key"))
            .body("auth.header", equalTo("X-Service-Key"))
            .body("auth.key", equalTo("s3cr3t-value-1"))
            .body("headers.Content-Type", equalTo("application/json"))
            .body("defaultPayload.tenant", equalTo("acme"))
            .body("createdAt", notNullValue())
            .body("updatedAt", notNullValue())
            .extract()
            .path("id");

    assertThat(storedAuth(id)).doesNotContain("s3cr3t-value-1").contains("X-Service-Key");
  }

  @Test
  void get_returnsTheSecretInClear_listMasksIt() {
    String id =
        create(endpoint("bearer", Map.of("type", "bearer", "token", "tok-1234567890-wxyz")));

    priv()
        .get("/v1/playground-endpoints/" + id)
        .then()
        .statusCode(200)
        .body("auth.token", equalTo("tok-1234567890-wxyz"));
    priv()
        .get("/v1/playground-endpoints")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].auth.type", equalTo("bearer"))
        .body("[0].auth.token", equalTo("****wxyz"));
  }

  @Test
  void list_newestFirstAndOnlyThisProject() {
    create(endpoint("first", null));
    create(endpoint("second", null));
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + server.newProject().privateKey())
        .get("/v1/playground-endpoints")
        .then()
        .body("", hasSize(0));
    priv()
        .get("/v1/playground-endpoints")
        .then()
        .body("name", equalTo(java.util.List.of("second", "first")))
        .body("[0].auth", nullValue());
  }

  @Test
  void update_maskedSecretFromList_keepsTheStoredSecret() {
    String id =
        create(
            endpoint(
                "basic",
                Map.of("type", "basic", "username", "ann", "password", "pw-1234567890-abcd")));
    priv()
        .body(
            Map.of(
                "name",
                "renamed",
                "auth",
                Map.of("type", "basic", "username", "bob", "password", "****abcd")))
        .put("/v1/playground-endpoints/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("renamed"))
        .body("url", equalTo("https://rag.example.com/chat"))
        .body("auth.username", equalTo("bob"))
        .body("auth.password", equalTo("pw-1234567890-abcd"));
  }

  @Test
  void update_newSecretAndNullAuth_replaceIt() {
    String id = create(endpoint("rotate", Map.of("type", "bearer", "token", "old-token")));
    priv()
        .body(Map.of("auth", Map.of("type", "bearer", "token", "new-token")))
        .put("/v1/playground-endpoints/" + id)
        .then()
        .statusCode(200)
        .body("auth.token", equalTo("new-token"));
    Map<String, Object> noAuth = new HashMap<>();
    noAuth.put("auth", null);
    priv()
        .body(noAuth)
        .put("/v1/playground-endpoints/" + id)
        .then()
        .statusCode(200)
        .body("auth", nullValue())
        .body("defaultPayload.tenant", equalTo("acme"));
  }

  @Test
  void update_maskForAnotherAuthType_returns422() {
    String id = create(endpoint("switch", Map.of("type", "bearer", "token", "abc")));
    priv()
        .body(Map.of("auth", Map.of("type", "api_key", "header", "X-K", "key", "****")))
        .put("/v1/playground-endpoints/" + id)
        .then()
        .statusCode(422)
        .body("message", containsString("auth.key"));
  }

  @Test
  void delete_thenGet_returns404() {
    String id = create(endpoint("gone", null));
    priv().delete("/v1/playground-endpoints/" + id).then().statusCode(204);
    priv()
        .get("/v1/playground-endpoints/" + id)
        .then()
        .statusCode(404)
        .body("message", equalTo("Endpoint not found"));
    priv().delete("/v1/playground-endpoints/" + id).then().statusCode(404);
    priv().get("/v1/playground-endpoints/not-a-uuid").then().statusCode(404);
  }

  @Test
  void endpointOfAnotherProject_isNotFound() {
    String id = create(endpoint("mine", null));
    RequestSpecification other =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + server.newProject().privateKey())
            .contentType(ContentType.JSON);
    other.get("/v1/playground-endpoints/" + id).then().statusCode(404);
    other.body(Map.of("name", "x")).put("/v1/playground-endpoints/" + id).then().statusCode(404);
    other.delete("/v1/playground-endpoints/" + id).then().statusCode(404);
  }

  @Test
  void create_invalidFields_return422NamingThem() {
    priv()
        .body(Map.of("url", "https://x.dev"))
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(422)
        .body("message", containsString("name"));
    priv()
        .body(Map.of("name", "x", "url", "ftp://x.dev"))
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(422)
        .body("message", containsString("url"));
    priv()
        .body(Map.of("name", "x", "url", "https://x.dev", "auth", Map.of("type", "oauth")))
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(422)
        .body("message", containsString("auth.type"));
    priv()
        .body(Map.of("name", "x", "url", "https://x.dev", "auth", Map.of("type", "bearer")))
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(422)
        .body("message", containsString("auth.token"));
    priv()
        .body(Map.of("name", "x", "url", "https://x.dev", "headers", Map.of("X-N", 1)))
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(422)
        .body("message", containsString("headers.X-N"));
    priv()
        .body(Map.of("name", "x", "url", "https://x.dev", "defaultPayload", "nope"))
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(422)
        .body("message", containsString("defaultPayload"));
  }

  @Test
  void endpoints_withPublicKey_areForbidden() {
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .get("/v1/playground-endpoints")
        .then()
        .statusCode(403);
  }
}
