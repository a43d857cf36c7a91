package dev.selene.server.runs;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the runs API as a client would. Query strings are sent exactly as written (no re-encoding),
 * so tests control the filter language's own encoding ({@code %2E}, double-encoded lists).
 */
final class RunsApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final TestServer server;
  private final String key;

  RunsApi(TestServer server, String key) {
    this.server = server;
    this.key = key;
  }

  static RunsApi privateKey(TestServer server, TestProject project) {
    return new RunsApi(server, project.privateKey());
  }

  RequestSpecification request() {
    RequestSpecification spec = given().baseUri(server.baseUrl()).urlEncodingEnabled(false);
    return key == null ? spec : spec.header("Authorization", "Bearer " + key);
  }

  Response get(String pathAndQuery) {
    return request().get(pathAndQuery);
  }

  Response patch(String path, String body) {
    return request().contentType("application/json").body(body).patch(path);
  }

  /** {@code POST /v1/runs/ingest} with this key, as the SDKs send events; 200 expected. */
  JsonNode ingest(String eventsJson) {
    Response response =
        request()
            .contentType("application/json")
            .body("{\"events\": " + eventsJson + "}")
            .post("/v1/runs/ingest");
    response.then().statusCode(200);
    JsonNode reply = parse(response.asString());
    reply
        .get("results")
        .forEach(
            r -> {
              if (!r.get("success").asBoolean()) {
                throw new AssertionError("event failed: " + r);
              }
            });
    return reply;
  }

  Response delete(String path) {
    return request().delete(path);
  }

  /** {@code GET /v1/runs?query} answered 200, as parsed JSON (key order kept). */
  JsonNode list(String query) {
    Response response = get("/v1/runs" + (query.isEmpty() ? "" : "?" + query));
    response.then().statusCode(200);
    return parse(response.asString());
  }

  /** Ids of {@code GET /v1/runs?query}'s data, in order. */
  List<String> ids(String query) {
    List<String> ids = new ArrayList<>();
    list(query).get("data").forEach(run -> ids.add(run.get("id").asText()));
    return ids;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Encodes a multi-select item the way the reference's dashboard does: twice. */
  static String twice(String value) {
    return once(once(value));
  }

  static String once(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace(".", "%2E");
  }
}
