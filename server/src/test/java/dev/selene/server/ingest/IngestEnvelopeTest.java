package dev.selene.server.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IngestEnvelopeTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final IngestClient client = new IngestClient(server, project);

  private RequestSpecification request() {
    return given().baseUri(server.baseUrl()).contentType("application/json");
  }

  private static String start(String id) {
    return "{\"type\":\"llm\",\"event\":\"start\",\"runId\":\""
        + id
        + "\",\"name\":\"m\",\"timestamp\":1}";
  }

  @Test
  void ingest_withoutKey_returns401NamingTheHeader() {
    request()
        .body("{\"events\":[]}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(401)
        .body("message", containsString("Authorization: Bearer"));
  }

  @Test
  void ingest_withUnknownKey_returns401() {
    request()
        .header("Authorization", "Bearer " + UUID.randomUUID())
        .body("{\"events\":[]}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(401)
        .body("message", equalTo("Invalid API key"));
  }

  @Test
  void ingest_withOrgKey_returns401() {
    request()
        .header("Authorization", "Bearer " + project.orgKey())
        .body("{\"events\":[]}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(401)
        .body("message", equalTo("Org API key cannot access this route"));
  }

  @Test
  void ingest_withPrivateKeyInXApiKey_andSingleEventObject_isAccepted() {
    String id = UUID.randomUUID().toString();
    request()
        .header("X-API-Key", project.privateKey())
        .body("{\"events\":" + start(id) + "}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(200)
        .body("results[0].id", equalTo(id))
        .body("results[0].success", equalTo(true));
    assertThat(client.run(id)).isNotNull();
  }

  @Test
  void publicKey_onPrivateRoute_returns403() {
    request()
        .header("Authorization", "Bearer " + project.publicKey())
        .get("/v1/runs")
        .then()
        .statusCode(403)
        .body("message", containsString("private API key"));
  }

  @Test
  void malformedJson_returns400() {
    request()
        .header("Authorization", "Bearer " + project.publicKey())
        .body("{\"events\": [")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(400)
        .body("message", containsString("not valid JSON"));
  }

  @Test
  void missingEvents_returns400() {
    request()
        .header("Authorization", "Bearer " + project.publicKey())
        .body("{\"foo\": 1}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(400)
        .body("message", containsString("events"));
  }

  @Test
  void tooDeepJson_returns422NamingTheLimit() {
    String deep = "[".repeat(200) + "]".repeat(200);
    request()
        .header("Authorization", "Bearer " + project.publicKey())
        .body("{\"events\":[{\"event\":\"start\",\"type\":\"llm\",\"input\":" + deep + "}]}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(422)
        .body("message", containsString("SELENE_MAX_JSON_DEPTH"));
  }

  @Test
  void bodyOverTheLimit_returns413BeforeReadingIt() throws Exception {
    // Declare a 21 MiB body but send only its first bytes: the refusal must come from the
    // declared length, before the server reads (or buffers) the upload.
    try (java.net.Socket socket = new java.net.Socket("localhost", server.port())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /v1/runs/ingest HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + project.publicKey()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + (21 * 1024 * 1024)
              + "\r\n\r\n{\"events\":[";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response =
          new String(
              socket.getInputStream().readNBytes(400), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 413");
      assertThat(response).contains("SELENE_MAX_BODY_BYTES");
    }
  }

  @Test
  void gzipBody_isDecompressed() throws Exception {
    String id = UUID.randomUUID().toString();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(("{\"events\":[" + start(id) + "]}").getBytes());
    }
    request()
        .header("Authorization", "Bearer " + project.publicKey())
        .header("Content-Encoding", "gzip")
        .body(bytes.toByteArray())
        .post("/v1/runs/ingest")
        .then()
        .statusCode(200)
        .body("results[0].success", equalTo(true));
    assertThat(client.run(id)).isNotNull();
  }

  @Test
  void legacyReport_projectFromFirstEvent_repliesWithBareArray() {
    String id = UUID.randomUUID().toString();
    request()
        .body("{\"events\":[{\"app\":\"" + project.id() + "\"," + start(id).substring(1) + "]}")
        .post("/api/report")
        .then()
        .statusCode(200)
        .body("[0].id", equalTo(id))
        .body("[0].success", equalTo(true));
    assertThat(client.run(id)).isNotNull();
  }

  @Test
  void legacyReport_unknownProject_returns401() {
    request()
        .body(
            "{\"events\":[{\"app\":\"" + UUID.randomUUID() + "\"," + start("x").substring(1) + "]}")
        .post("/api/report")
        .then()
        .statusCode(401)
        .body("message", equalTo("This project does not exist"));
  }

  @Test
  void appId_routesTheEventToThatKeysProject() {
    TestProject other = server.newProject();
    String id = UUID.randomUUID().toString();
    request()
        .header("Authorization", "Bearer " + project.publicKey())
        .body(
            "{\"events\":[{\"appId\":\""
                + other.publicKey()
                + "\","
                + start(id).substring(1)
                + "]}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(200);
    assertThat(client.run(id)).isNull();
    assertThat(new IngestClient(server, other).run(id)).isNotNull();
  }

  @Test
  void corsPreflight_allowsBrowserIngestFromAnyOrigin() {
    given()
        .baseUri(server.baseUrl())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .options("/v1/runs/ingest")
        .then()
        .statusCode(204)
        .header("Access-Control-Allow-Origin", "https://app.example.com")
        .header("Access-Control-Allow-Credentials", "true")
        .header("Access-Control-Allow-Methods", containsString("POST"))
        .header("Access-Control-Allow-Headers", containsString("authorization"));
  }
}
