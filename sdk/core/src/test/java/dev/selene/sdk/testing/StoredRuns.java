package dev.selene.sdk.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads back what the real Selene server stored for a project, through its runs API as a user
 * would: {@code GET /v1/runs/{id}}, {@code /v1/runs/{id}/related} and {@code GET /v1/runs}.
 */
public final class StoredRuns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TYPES =
      List.of(
          "llm", "agent", "chain", "tool", "embed", "retriever", "thread", "chat", "custom-event");

  private final TestServer server;
  private final TestProject project;

  public StoredRuns(TestServer server, TestProject project) {
    this.server = server;
    this.project = project;
  }

  private Response get(String path, Object... params) {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .get(path, params);
  }

  private static JsonNode json(Response r) {
    try {
      return JSON.readTree(r.asString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run with this id ({@code GET /v1/runs/{id}}), or null when it does not exist. */
  public JsonNode run(String id) {
    Response r = get("/v1/runs/{id}", id);
    if (r.statusCode() == 404) return null;
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /v1/runs/" + id + ": " + r.statusCode() + " " + r.asString());
    }
    return json(r);
  }

  /** The run's direct children (found through {@code /related}), oldest first. */
  public List<JsonNode> children(String id) {
    Response r = get("/v1/runs/{id}/related", id);
    if (r.statusCode() != 200) {
      throw new AssertionError("related: " + r.statusCode() + " " + r.asString());
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode row : json(r)) {
      if (id.equals(row.path("parentRunId").asText(null))) out.add(run(row.get("id").asText()));
    }
    out.sort(
        Comparator.comparing((JsonNode n) -> n.path("createdAt").asText())
            .thenComparing(n -> n.get("id").asText()));
    return out;
  }

  /** The runs of one type as {@code GET /v1/runs?type=…} lists them (first page, newest first). */
  public List<JsonNode> listed(String type) {
    Response r =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + project.privateKey())
            .queryParam("type", type)
            .queryParam("limit", 500)
            .get("/v1/runs");
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /v1/runs: " + r.statusCode() + " " + r.asString());
    }
    List<JsonNode> out = new ArrayList<>();
    json(r).get("data").forEach(out::add);
    return out;
  }

  /** The run and all its descendants as {@code GET /v1/runs/{id}/related} gives them. */
  public List<JsonNode> related(String id) {
    Response r = get("/v1/runs/{id}/related", id);
    if (r.statusCode() != 200) {
      throw new AssertionError("related: " + r.statusCode() + " " + r.asString());
    }
    List<JsonNode> out = new ArrayList<>();
    json(r).forEach(out::add);
    return out;
  }

  /** Every run of the project ({@code GET /v1/runs?type=…} for each type), oldest first. */
  public List<JsonNode> all() {
    List<JsonNode> out = new ArrayList<>();
    for (String type : TYPES) {
      for (int page = 0; ; page++) {
        Response r =
            given()
                .baseUri(server.baseUrl())
                .header("Authorization", "Bearer " + project.privateKey())
                .queryParam("type", type)
                .queryParam("limit", 500)
                .queryParam("page", page)
                .get("/v1/runs");
        if (r.statusCode() != 200) {
          throw new AssertionError("GET /v1/runs: " + r.statusCode() + " " + r.asString());
        }
        JsonNode data = json(r).get("data");
        for (JsonNode row : data) out.add(run(row.get("id").asText()));
        if (data.size() < 500) break;
      }
    }
    out.sort(
        Comparator.comparing((JsonNode n) -> n.path("createdAt").asText())
            .thenComparing(n -> n.get("id").asText()));
    return out;
  }
}
