package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Single-run reads: the run, its trace tree, its feedback and public sharing. */
class RunReadTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);

  @Test
  void get_knownRun_returnsTheFormattedRun() {
    UUID id = fixtures.run("llm").name("gpt-4o").feedback("{\"thumb\":\"up\"}").insert();

    api.get("/v1/runs/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id.toString()))
        .body("name", equalTo("gpt-4o"))
        .body("feedback.thumb", equalTo("up"));
  }

  @Test
  void get_unknownPendingOrOtherProjectsRun_is404() {
    UUID pending = fixtures.run("llm").pending().insert();
    UUID mine = fixtures.run("llm").insert();
    RunsApi other = RunsApi.privateKey(server, server.newProject());

    api.get("/v1/runs/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("message", equalTo("Run not found"));
    api.get("/v1/runs/" + pending).then().statusCode(404);
    other.get("/v1/runs/" + mine).then().statusCode(404);
    other.get("/v1/runs/" + mine + "/related").then().statusCode(404);
    other.get("/v1/runs/" + mine + "/feedback").then().statusCode(404);
    assertThat(other.ids("")).isEmpty();
  }

  @Test
  void get_nonUuidId_readsTheRunIngestedUnderThatId() {
    UUID hashed = dev.selene.server.ingest.RunIds.normalize("trace-my-run");
    fixtures.run("chain").id(hashed).insert();

    api.get("/v1/runs/trace-my-run").then().statusCode(200).body("id", equalTo(hashed.toString()));
    api.get("/v1/runs/" + "z".repeat(36)).then().statusCode(404);
  }

  @Test
  void related_returnsTheRunAndAllDescendantsOldestFirst() {
    UUID root = fixtures.run("agent").insert();
    UUID tool = fixtures.run("tool").parent(root).insert();
    UUID llm = fixtures.run("llm").parent(tool).cost(null).tokens(3, 4).insert();
    fixtures.run("llm").parent(root).pending().insert();
    fixtures.run("llm").insert();

    Response response = api.get("/v1/runs/" + root + "/related");

    response.then().statusCode(200);
    JsonNode rows = RunsApi.parse(response.asString());
    List<String> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.get("id").asText()));
    assertThat(ids).containsExactly(root.toString(), tool.toString(), llm.toString());
    JsonNode last = rows.get(2);
    assertThat(RunsApi.keys(last))
        .containsExactly(
            "createdAt",
            "tags",
            "projectId",
            "id",
            "status",
            "name",
            "endedAt",
            "error",
            "input",
            "output",
            "params",
            "type",
            "parentRunId",
            "completionTokens",
            "promptTokens",
            "cost",
            "feedback",
            "metadata");
    assertThat(last.get("parentRunId").asText()).isEqualTo(tool.toString());
    assertThat(last.get("cost").asDouble()).isZero();
    assertThat(last.get("promptTokens").asInt()).isEqualTo(3);
  }

  @Test
  void related_fromAMiddleRun_startsThere() {
    UUID root = fixtures.run("agent").insert();
    UUID middle = fixtures.run("chain").parent(root).insert();
    UUID leaf = fixtures.run("llm").parent(middle).insert();

    JsonNode rows = RunsApi.parse(api.get("/v1/runs/" + middle + "/related").asString());

    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).get("id").asText()).isEqualTo(leaf.toString());
  }

  @Test
  void related_cycleInStoredParents_stillAnswers() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    fixtures.run("chain").id(a).parent(b).insert();
    fixtures.run("chain").id(b).parent(a).insert();

    assertThat(RunsApi.parse(api.get("/v1/runs/" + a + "/related").asString())).hasSize(2);
    api.get("/v1/runs/" + a).then().statusCode(200);
  }

  @Test
  void related_unknownRun_is404() {
    api.get("/v1/runs/" + UUID.randomUUID() + "/related").then().statusCode(404);
  }

  @Test
  void feedback_withPublicKey_returnsTheRawFeedback() {
    UUID id = fixtures.run("llm").feedback("{\"thumb\":\"down\",\"comment\":\"bad\"}").insert();

    Response response =
        new RunsApi(server, project.publicKey()).get("/v1/runs/" + id + "/feedback");

    response.then().statusCode(200);
    assertThat(response.asString()).isEqualTo("{\"thumb\":\"down\",\"comment\":\"bad\"}");
  }

  @Test
  void feedback_none_is204_unknown_is404_otherProject_is404() {
    UUID none = fixtures.run("llm").insert();
    UUID mine = fixtures.run("llm").feedback("{\"thumb\":\"up\"}").insert();
    TestProject otherProject = server.newProject();

    api.get("/v1/runs/" + none + "/feedback").then().statusCode(204);
    api.get("/v1/runs/" + UUID.randomUUID() + "/feedback").then().statusCode(404);
    new RunsApi(server, otherProject.publicKey())
        .get("/v1/runs/" + mine + "/feedback")
        .then()
        .statusCode(404);
  }

  @Test
  void public_sharedRun_isReadableWithoutKey() {
    UUID shared = fixtures.run("llm").name("shared").isPublic().insert();

    new RunsApi(server, null)
        .get("/v1/runs/" + shared + "/public")
        .then()
        .statusCode(200)
        .body("id", equalTo(shared.toString()))
        .body("isPublic", equalTo(true))
        .body("name", equalTo("shared"));
  }

  @Test
  void public_privateOrUnknownRun_is404() {
    UUID secret = fixtures.run("llm").insert();

    new RunsApi(server, null).get("/v1/runs/" + secret + "/public").then().statusCode(404);
    new RunsApi(server, null)
        .get("/v1/runs/" + UUID.randomUUID() + "/public")
        .then()
        .statusCode(404);
  }
}
