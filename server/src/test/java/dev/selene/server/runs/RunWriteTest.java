package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feedback, score, tags, visibility and delete. */
class RunWriteTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);

  private String feedbackOf(UUID run) {
    return fixtures.string(
        "select feedback::text from run where project_id = ? and id = ?", project.id(), run);
  }

  @Test
  void patchFeedback_mergesAndNullRemovesAKey() {
    UUID run = fixtures.run("llm").feedback("{\"thumb\":\"up\",\"comment\":\"good\"}").insert();

    api.patch("/v1/runs/" + run + "/feedback", "{\"thumb\":\"down\",\"score\":5}")
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
    assertThat(RunsApi.parse(feedbackOf(run)))
        .isEqualTo(RunsApi.parse("{\"thumb\":\"down\",\"score\":5,\"comment\":\"good\"}"));

    api.patch("/v1/runs/" + run + "/feedback", "{\"thumb\":null}").then().statusCode(200);
    assertThat(RunsApi.parse(feedbackOf(run)))
        .isEqualTo(RunsApi.parse("{\"score\":5,\"comment\":\"good\"}"));
  }

  @Test
  void patchFeedback_removingEveryKey_leavesNoFeedback() {
    UUID run = fixtures.run("llm").feedback("{\"thumb\":\"up\"}").insert();

    api.patch("/v1/runs/" + run + "/feedback", "{\"thumb\":null}").then().statusCode(200);

    assertThat(feedbackOf(run)).isNull();
    api.get("/v1/runs/" + run + "/feedback").then().statusCode(204);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"thumb\":\"sideways\"}|thumb",
        "{\"thumb\":1}|thumb",
        "{\"comment\":42}|comment",
        "[1,2]|body"
      })
  void patchFeedback_badBody_is422NamingTheField(String body, String field) {
    UUID run = fixtures.run("llm").insert();

    api.patch("/v1/runs/" + run + "/feedback", body)
        .then()
        .statusCode(422)
        .body("details.field", equalTo(field));
  }

  @Test
  void patchFeedback_invalidJson_is400() {
    UUID run = fixtures.run("llm").insert();

    api.patch("/v1/runs/" + run + "/feedback", "{thumb").then().statusCode(400);
  }

  @Test
  void patchScore_insertsThenReplacesTheLabel() {
    UUID run = fixtures.run("llm").insert();

    api.patch(
            "/v1/runs/" + run + "/score",
            "{\"label\":\"accuracy\",\"value\":0.9,\"comment\":\"ok\"}")
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
    api.patch("/v1/runs/" + run + "/score", "{\"label\":\"accuracy\",\"value\":\"high\"}")
        .then()
        .statusCode(200);
    api.patch("/v1/runs/" + run + "/score", "{\"label\":\"safe\",\"value\":true,\"comment\":null}")
        .then()
        .statusCode(200);

    api.get("/v1/runs/" + run)
        .then()
        .body("scores.size()", equalTo(2))
        .body("scores[0].label", equalTo("accuracy"))
        .body("scores[0].value", equalTo("high"))
        .body("scores[0].comment", equalTo("ok"))
        .body("scores[1].value", equalTo(true));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"value\":1}|label",
        "{\"label\":\"\",\"value\":1}|label",
        "{\"label\":\"a\"}|value",
        "{\"label\":\"a\",\"value\":{\"x\":1}}|value",
        "{\"label\":\"a\",\"value\":null}|value",
        "{\"label\":\"a\",\"value\":1,\"comment\":[]}|comment"
      })
  void patchScore_badBody_is422NamingTheField(String body, String field) {
    UUID run = fixtures.run("llm").insert();

    api.patch("/v1/runs/" + run + "/score", body)
        .then()
        .statusCode(422)
        .body("details.field", equalTo(field));
  }

  @Test
  void patchTags_replacesOrClears() {
    UUID run = fixtures.run("llm").tags("old", "keep").insert();

    api.patch("/v1/runs/" + run + "/tags", "{\"tags\":[\"new\"]}").then().statusCode(200);
    api.get("/v1/runs/" + run).then().body("tags", equalTo(java.util.List.of("new")));
    api.patch("/v1/runs/" + run + "/tags", "{\"tags\":null}").then().statusCode(200);
    api.get("/v1/runs/" + run).then().body("tags", equalTo(null));
    api.patch("/v1/runs/" + run + "/tags", "{\"tags\":[1]}")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("tags"));
    api.patch("/v1/runs/" + run + "/tags", "{}").then().statusCode(422);
  }

  @Test
  void patchVisibility_sharesAndUnsharesTheRun() {
    UUID run = fixtures.run("llm").insert();
    RunsApi anonymous = new RunsApi(server, null);

    api.patch("/v1/runs/" + run + "/visibility", "{\"visibility\":true}").then().statusCode(200);
    anonymous.get("/v1/runs/" + run + "/public").then().statusCode(200);
    api.patch("/v1/runs/" + run + "/visibility", "{\"visibility\":false}").then().statusCode(200);
    anonymous.get("/v1/runs/" + run + "/public").then().statusCode(404);
    api.patch("/v1/runs/" + run + "/visibility", "{\"visibility\":\"yes\"}")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("visibility"));
  }

  @Test
  void mutations_unknownRun_is404() {
    String unknown = "/v1/runs/" + UUID.randomUUID();

    api.patch(unknown + "/feedback", "{\"thumb\":\"up\"}").then().statusCode(404);
    api.patch(unknown + "/score", "{\"label\":\"a\",\"value\":1}").then().statusCode(404);
    api.patch(unknown + "/tags", "{\"tags\":[]}").then().statusCode(404);
    api.patch(unknown + "/visibility", "{\"visibility\":true}").then().statusCode(404);
    api.delete(unknown).then().statusCode(404);
  }

  @Test
  void mutations_anotherProjectsKey_is404AndChangesNothing() {
    UUID run = fixtures.run("llm").tags("t").insert();
    RunsApi other = RunsApi.privateKey(server, server.newProject());

    other.patch("/v1/runs/" + run + "/feedback", "{\"thumb\":\"up\"}").then().statusCode(404);
    other
        .patch("/v1/runs/" + run + "/score", "{\"label\":\"a\",\"value\":1}")
        .then()
        .statusCode(404);
    other.patch("/v1/runs/" + run + "/tags", "{\"tags\":[]}").then().statusCode(404);
    other.patch("/v1/runs/" + run + "/visibility", "{\"visibility\":true}").then().statusCode(404);
    other.delete("/v1/runs/" + run).then().statusCode(404);

    assertThat(feedbackOf(run)).isNull();
    assertThat(fixtures.count("select count(*) from run_score where run_id = ?", run)).isZero();
    api.get("/v1/runs/" + run).then().statusCode(200).body("tags[0]", equalTo("t"));
  }

  @Test
  void mutations_publicKey_is403() {
    UUID run = fixtures.run("llm").insert();
    RunsApi pub = new RunsApi(server, project.publicKey());

    pub.patch("/v1/runs/" + run + "/feedback", "{\"thumb\":\"up\"}").then().statusCode(403);
    pub.patch("/v1/runs/" + run + "/score", "{\"label\":\"a\",\"value\":1}").then().statusCode(403);
    pub.patch("/v1/runs/" + run + "/tags", "{\"tags\":[]}").then().statusCode(403);
    pub.patch("/v1/runs/" + run + "/visibility", "{\"visibility\":true}").then().statusCode(403);
    pub.delete("/v1/runs/" + run).then().statusCode(403);
    assertThat(feedbackOf(run)).isNull();
  }

  @Test
  void delete_removesTheRunItsDescendantsAndTheirScores() {
    UUID root = fixtures.run("agent").insert();
    UUID child = fixtures.run("tool").parent(root).insert();
    UUID grandchild = fixtures.run("llm").parent(child).insert();
    UUID pendingChild = fixtures.run("llm").parent(root).pending().insert();
    UUID sibling = fixtures.run("agent").insert();
    fixtures.score(grandchild, "q", "1", null);
    fixtures.score(sibling, "q", "1", null);

    api.delete("/v1/runs/" + root).then().statusCode(200).body(equalTo("{}"));

    for (UUID gone : new UUID[] {root, child, grandchild, pendingChild}) {
      assertThat(fixtures.count("select count(*) from run where id = ?", gone)).isZero();
    }
    assertThat(fixtures.count("select count(*) from run_score where run_id = ?", grandchild))
        .isZero();
    assertThat(fixtures.count("select count(*) from run_score where run_id = ?", sibling)).isOne();
    api.get("/v1/runs/" + sibling).then().statusCode(200);
    api.delete("/v1/runs/" + root).then().statusCode(404);
  }

  @Test
  void delete_thread_removesItsChatMessages() {
    UUID thread = fixtures.run("thread").insert();
    fixtures.run("chat").parent(thread).insert();
    fixtures.exec(
        "insert into chat_message (project_id, thread_id, message_id, role, created_at, message)"
            + " values (?, ?, ?, 'user', now(), '{}'::jsonb)",
        project.id(),
        thread,
        UUID.randomUUID());

    api.delete("/v1/runs/" + thread).then().statusCode(200);

    assertThat(fixtures.count("select count(*) from chat_message where thread_id = ?", thread))
        .isZero();
  }

  @Test
  void delete_chatExchange_removesTheMessagesItWasBuiltFrom() {
    UUID thread = fixtures.run("thread").insert();
    UUID exchange = fixtures.run("chat").parent(thread).insert();
    UUID other = fixtures.run("chat").parent(thread).insert();
    for (UUID id : new UUID[] {exchange, other}) {
      fixtures.exec(
          "insert into chat_message (project_id, thread_id, message_id, role, created_at, message,"
              + " exchange_id) values (?, ?, ?, 'user', now(), '{}'::jsonb, ?)",
          project.id(),
          thread,
          UUID.randomUUID(),
          id);
    }

    api.delete("/v1/runs/" + exchange).then().statusCode(200);

    assertThat(fixtures.count("select count(*) from chat_message where exchange_id = ?", exchange))
        .isZero();
    assertThat(fixtures.count("select count(*) from chat_message where exchange_id = ?", other))
        .isOne();
    api.get("/v1/runs/" + thread).then().statusCode(200);
  }
}
