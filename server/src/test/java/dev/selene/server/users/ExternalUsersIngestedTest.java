package dev.selene.server.users;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Users as ingestion creates them from SDK events, read and erased through the users API. */
class ExternalUsersIngestedTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final UserFixtures data = new UserFixtures(server, project.id());

  private RequestSpecification api() {
    return given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey());
  }

  private void ingest(String eventsJson) {
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .contentType("application/json")
        .body("{\"events\": [" + eventsJson + "]}")
        .post("/v1/runs/ingest")
        .then()
        .statusCode(200)
        .body("results.success", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is(true)));
  }

  private static String llm(UUID id, UUID parent, String user, String props, long ts, int tokens) {
    String common =
        "\"type\":\"llm\",\"runId\":\"%s\"%s%s"
            .formatted(
                id,
                parent == null ? "" : ",\"parentRunId\":\"" + parent + "\"",
                user == null
                    ? ""
                    : ",\"userId\":\""
                        + user
                        + "\""
                        + (props == null ? "" : ",\"userProps\":" + props));
    return ("{\"event\":\"start\",%s,\"name\":\"gpt-4o\",\"input\":\"hi\",\"timestamp\":%d},"
            + "{\"event\":\"end\",%s,\"output\":\"ok\",\"timestamp\":%d,"
            + "\"tokensUsage\":{\"prompt\":%d,\"completion\":1}}")
        .formatted(common, ts, common, ts + 500, tokens);
  }

  @Test
  void ingestedUsers_listedWithPropsLastSeenAndTotals() {
    long t = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    ingest(
        llm(UUID.randomUUID(), null, "jane", "{\"name\":\"Jane\",\"plan_tier\":\"pro\"}", t, 10));
    ingest(llm(UUID.randomUUID(), null, "jane", null, t + 60_000, 5));
    ingest(llm(UUID.randomUUID(), null, "bob", "{\"name\":\"Bob\"}", t + 1_000, 7));

    JsonPath page =
        api()
            .get("/v1/external-users?sortField=lastSeen&sortDirection=desc")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getList("data.externalId")).containsExactly("jane", "bob");
    assertThat(page.getString("data[0].lastSeen"))
        .as("the latest event carrying the user: the end event")
        .isEqualTo("2026-01-01T00:01:00.500Z");
    assertThat(page.getMap("data[0].props"))
        .as("props are kept when an event carries none, and camelCased")
        .containsEntry("name", "Jane")
        .containsEntry("planTier", "pro");

    JsonPath jane =
        api()
            .get("/v1/external-users/" + page.getLong("data[0].id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(jane.getLong("runCount")).isEqualTo(2);
    assertThat(jane.getLong("promptTokens")).isEqualTo(15);
    assertThat(jane.getLong("completionTokens")).isEqualTo(2);
    assertThat(jane.getString("firstRunAt")).isEqualTo("2026-01-01T00:00:00.000Z");
    assertThat(jane.getString("lastRunAt")).isEqualTo("2026-01-01T00:01:00.000Z");
  }

  private JsonPath user(String externalId) {
    return api()
        .get("/v1/external-users?search=" + externalId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void lastSeen_movesByAtLeastAMinute_butNewPropsAreStoredAtOnce() {
    long t = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    ingest(llm(UUID.randomUUID(), null, "ann", "{\"plan\":\"free\"}", t, 1));
    assertThat(user("ann").getString("data[0].lastSeen")).isEqualTo("2026-01-01T00:00:00.500Z");

    ingest(llm(UUID.randomUUID(), null, "ann", "{\"plan\":\"free\"}", t + 30_000, 1));
    assertThat(user("ann").getString("data[0].lastSeen"))
        .as("seen again within the minute, same props: the stored row is not rewritten")
        .isEqualTo("2026-01-01T00:00:00.500Z");

    ingest(llm(UUID.randomUUID(), null, "ann", "{\"plan\":\"pro\"}", t + 40_000, 1));
    JsonPath upgraded = user("ann");
    assertThat(upgraded.getMap("data[0].props"))
        .as("changed props are stored whenever they arrive")
        .containsEntry("plan", "pro");
    assertThat(upgraded.getString("data[0].lastSeen"))
        .as("and last seen moves with them")
        .isEqualTo("2026-01-01T00:00:40.500Z");

    ingest(llm(UUID.randomUUID(), null, "ann", null, t + 100_500, 1));
    assertThat(user("ann").getString("data[0].lastSeen"))
        .as("a minute or more later it moves again")
        .isEqualTo("2026-01-01T00:01:41.000Z");

    ingest(llm(UUID.randomUUID(), null, "ann", null, t - 3_600_000, 1));
    assertThat(user("ann").getString("data[0].lastSeen"))
        .as("an older event never moves it back")
        .isEqualTo("2026-01-01T00:01:41.000Z");
  }

  @Test
  void anErasedUserComingBack_isANewUser_andTheirNewRunsBelongToIt() {
    long t = 1_767_225_600_000L;
    ingest(llm(UUID.randomUUID(), null, "zoe", "{\"plan\":\"pro\"}", t, 1));
    // Seen again at once: ingestion now knows Zoe's id without asking the database.
    ingest(llm(UUID.randomUUID(), null, "zoe", "{\"plan\":\"pro\"}", t + 1_000, 1));
    long erased = user("zoe").getLong("data[0].id");
    api().delete("/v1/external-users/" + erased).then().statusCode(204);

    UUID again = UUID.randomUUID();
    ingest(llm(again, null, "zoe", "{\"plan\":\"pro\"}", t + 2_000, 1));
    JsonPath back = user("zoe");
    assertThat(back.getInt("total")).isEqualTo(1);
    assertThat(back.getLong("data[0].id")).isNotEqualTo(erased);
    assertThat(
            data.count(
                "select count(*) from run r join external_user u on u.id = r.external_user_id"
                    + " where r.project_id = ? and r.id = ? and u.external_id = 'zoe'",
                project.id(),
                again))
        .as("the new run points at the new Zoe, not at the erased id")
        .isEqualTo(1);
  }

  @Test
  void erase_ingestedTraceAndThread_leavesNothingOfTheUser() {
    long t = 1_767_225_600_000L;
    UUID agent = UUID.randomUUID();
    UUID child = UUID.randomUUID();
    UUID thread = UUID.randomUUID();
    UUID question = UUID.randomUUID();
    UUID answer = UUID.randomUUID();
    UUID bobs = UUID.randomUUID();
    // Jane's agent, whose llm child carries no user of its own (it inherits Jane).
    ingest(
        "{\"event\":\"start\",\"type\":\"agent\",\"runId\":\"%s\",\"userId\":\"jane\",\"userProps\":{\"email\":\"jane@example.org\"},\"name\":\"agent\",\"input\":\"q\",\"timestamp\":%d},"
                .formatted(agent, t)
            + llm(child, agent, null, null, t + 1, 3)
            + ",{\"event\":\"end\",\"type\":\"agent\",\"runId\":\"%s\",\"output\":\"a\",\"timestamp\":%d}"
                .formatted(agent, t + 900));
    // Jane's thread: one exchange, with feedback on the reply.
    ingest(
        ("{\"event\":\"chat\",\"type\":\"thread\",\"runId\":\"%s\",\"parentRunId\":\"%s\",\"userId\":\"jane\",\"message\":{\"role\":\"user\",\"content\":\"my secret\"},\"timestamp\":%d},"
                + "{\"event\":\"chat\",\"type\":\"thread\",\"runId\":\"%s\",\"parentRunId\":\"%s\",\"userId\":\"jane\",\"message\":{\"role\":\"assistant\",\"content\":\"noted\"},\"timestamp\":%d},"
                + "{\"event\":\"feedback\",\"type\":null,\"runId\":\"%s\",\"feedback\":{\"thumb\":\"up\"},\"timestamp\":%d}")
            .formatted(question, thread, t + 2000, answer, thread, t + 3000, answer, t + 4000));
    ingest(llm(bobs, null, "bob", null, t, 2));
    data.score(child, "accuracy");
    long jane =
        api()
            .get("/v1/external-users?search=jane")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("data[0].id");
    UUID p = project.id();
    assertThat(data.count("select count(*) from run where project_id = ?", p))
        .as("agent, its llm child, thread, one exchange, Bob's llm")
        .isEqualTo(5);

    api().delete("/v1/external-users/" + jane).then().statusCode(204);

    assertThat(data.count("select count(*) from external_user where project_id = ?", p))
        .isEqualTo(1);
    assertThat(data.count("select count(*) from run where project_id = ? and id <> ?", p, bobs))
        .as("no run of Jane's trace or thread is left")
        .isZero();
    assertThat(data.count("select count(*) from chat_message where project_id = ?", p)).isZero();
    assertThat(data.count("select count(*) from run_score where project_id = ?", p)).isZero();
    assertThat(
            data.count(
                "select count(*) from run where project_id = ?"
                    + " and (input::text like '%secret%' or output::text like '%noted%')",
                p))
        .isZero();
    api()
        .get("/v1/external-users?search=jane")
        .then()
        .statusCode(200)
        .body("total", org.hamcrest.Matchers.equalTo(0));
  }
}
