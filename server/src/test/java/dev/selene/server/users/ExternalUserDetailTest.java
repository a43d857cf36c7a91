package dev.selene.server.users;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExternalUserDetailTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final UserFixtures data = new UserFixtures(server, project.id());

  private RequestSpecification api(String key) {
    return given().baseUri(server.baseUrl()).header("Authorization", "Bearer " + key);
  }

  @Test
  void get_knownUser_returnsRowWithRunTotals() {
    long user = data.user("jane", "{\"email\":\"jane@example.org\"}", T0, T0.plusSeconds(99));
    data.llm(user, T0.plusSeconds(1), 0.5, 100, 20);
    data.llm(user, T0.plusSeconds(5), 0.25, 10, 2);
    data.run(user, null, "agent", "planner", T0, null, null, null, "success");
    data.run(user, null, "llm", "gpt-4o", null, 9.0, 999, 999, null); // pending: not counted
    data.llm(data.user("someone-else", null, T0, null), T0, 4.0, 1, 1);

    JsonPath body =
        api(project.privateKey())
            .get("/v1/external-users/" + user)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(body.getLong("id")).isEqualTo(user);
    assertThat(body.getString("externalId")).isEqualTo("jane");
    assertThat(body.getString("projectId")).isEqualTo(project.id().toString());
    assertThat(body.getString("createdAt")).isEqualTo("2025-03-01T10:00:00.000Z");
    assertThat(body.getString("lastSeen")).isEqualTo("2025-03-01T10:01:39.000Z");
    assertThat(body.getString("props.email")).isEqualTo("jane@example.org");
    assertThat(body.getDouble("cost")).isEqualTo(0.75);
    assertThat(body.getLong("promptTokens")).isEqualTo(110);
    assertThat(body.getLong("completionTokens")).isEqualTo(22);
    assertThat(body.getLong("totalTokens")).isEqualTo(132);
    assertThat(body.getLong("runCount")).isEqualTo(3);
    assertThat(body.getString("firstRunAt")).isEqualTo("2025-03-01T10:00:00.000Z");
    assertThat(body.getString("lastRunAt")).isEqualTo("2025-03-01T10:00:05.000Z");
  }

  @Test
  void get_userWithoutRuns_returnsZeroTotalsAndNullCost() {
    long user = data.user("idle", null, T0, null);

    JsonPath body =
        api(project.privateKey())
            .get("/v1/external-users/" + user)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(body.getLong("runCount")).isZero();
    assertThat(body.getLong("totalTokens")).isZero();
    assertThat(body.getString("cost")).isNull();
    assertThat(body.getString("firstRunAt")).isNull();
  }

  @Test
  void get_unknownId_returns404WithClearMessage() {
    api(project.privateKey())
        .get("/v1/external-users/987654321")
        .then()
        .statusCode(404)
        .body("message", equalTo("External user 987654321 not found in this project"));
  }

  @Test
  void get_userOfAnotherProject_returns404() {
    TestProject other = server.newProject();
    long theirs = new UserFixtures(server, other.id()).user("theirs", null, T0, null);

    api(project.privateKey()).get("/v1/external-users/" + theirs).then().statusCode(404);
    api(other.privateKey()).get("/v1/external-users/" + theirs).then().statusCode(200);
  }

  @Test
  void get_nonNumericId_returns422NamingId() {
    api(project.privateKey())
        .get("/v1/external-users/jane")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("id"))
        .body("message", containsString("numeric"));
  }

  @Test
  void get_publicKey_returns403() {
    long user = data.user("jane", null, T0, null);
    api(project.publicKey()).get("/v1/external-users/" + user).then().statusCode(403);
  }

  @Test
  void propKeys_returnsDistinctTopLevelKeysSorted() {
    data.user("a", "{\"plan\":\"pro\",\"email\":\"a@x.io\"}", T0, null);
    data.user("b", "{\"plan\":\"free\",\"avatar\":\"u\",\"nested\":{\"deep\":1}}", T0, null);
    data.user("c", null, T0, null);
    data.user("d", "[\"not\",\"an\",\"object\"]", T0, null);
    new UserFixtures(server, server.newProject().id()).user("z", "{\"zzz\":1}", T0, null);

    assertThat(
            api(project.privateKey())
                .get("/v1/external-users/props/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("", String.class))
        .containsExactly("avatar", "email", "nested", "plan");
  }

  @Test
  void usage_groupsRecentRunsByUserNameAndType() {
    Instant now = Instant.now();
    long jane = data.user("jane", null, T0, null);
    data.run(jane, null, "llm", "gpt-4o", now.minusSeconds(60), 0.5, 10, 2, "success");
    data.run(jane, null, "llm", "gpt-4o", now.minusSeconds(30), 0.25, 5, 1, "error");
    data.run(jane, null, "llm", "gpt-4o", now.minusSeconds(3 * 86400), 9.0, 9, 9, "success");
    java.util.UUID root = data.run(jane, null, "agent", "root", now, null, null, null, "success");
    data.run(jane, root, "agent", "nested", now, null, null, null, "success");

    JsonPath oneDay =
        api(project.privateKey())
            .get("/v1/external-users/runs/usage?days=1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(oneDay.getList("name")).containsExactly("gpt-4o", "root");
    assertThat(oneDay.getLong("[0].userId")).isEqualTo(jane);
    assertThat(oneDay.getString("[0].type")).isEqualTo("llm");
    assertThat(oneDay.getLong("[0].promptTokens")).isEqualTo(15);
    assertThat(oneDay.getLong("[0].completionTokens")).isEqualTo(3);
    assertThat(oneDay.getDouble("[0].cost")).isEqualTo(0.75);
    assertThat(oneDay.getLong("[0].errors")).isEqualTo(1);
    assertThat(oneDay.getLong("[0].success")).isEqualTo(1);

    assertThat(
            api(project.privateKey())
                .get("/v1/external-users/runs/usage?days=7")
                .then()
                .extract()
                .jsonPath()
                .getLong("[0].promptTokens"))
        .isEqualTo(24);
  }

  @Test
  void usage_invalidDays_returns422() {
    api(project.privateKey())
        .get("/v1/external-users/runs/usage?days=many")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("days"));
  }
}
