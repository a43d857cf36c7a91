package dev.selene.server.users;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code DELETE /v1/external-users/{id}}: the erasure path must leave nothing of the user. */
class ExternalUserErasureTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final UserFixtures data = new UserFixtures(server, project.id());

  private RequestSpecification api(String key) {
    return given().baseUri(server.baseUrl()).header("Authorization", "Bearer " + key);
  }

  @Test
  void delete_user_removesUserRunsDescendantsMessagesAndScores() {
    long jane = data.user("jane", "{\"email\":\"jane@example.org\"}", T0, T0);
    long bob = data.user("bob", null, T0, T0);
    // Jane's agent trace: agent -> tool, agent -> llm -> (a child run with no user of its own).
    UUID agent = data.run(jane, null, "agent", "agent", T0, null, null, null, "success");
    UUID tool = data.run(jane, agent, "tool", "search", T0, null, null, null, "success");
    UUID llm = data.run(jane, agent, "llm", "gpt-4o", T0, 0.1, 5, 5, "success");
    UUID grandchild = data.run(null, llm, "chain", "post", T0, null, null, null, "success");
    UUID pendingChild = data.run(null, tool, "llm", null, null, null, null, null, null);
    // Jane's thread with one exchange and its messages.
    UUID thread = data.run(jane, null, "thread", null, T0, null, null, null, null);
    UUID chat = data.run(jane, thread, "chat", null, T0, null, null, null, null);
    data.chatMessage(thread, UUID.randomUUID(), "user", jane);
    data.chatMessage(thread, chat, "assistant", null);
    data.score(llm, "accuracy");
    data.score(grandchild, "quality");
    // Bob's data must survive.
    UUID bobs = data.llm(bob, T0, 0.2, 1, 1);
    UUID bobsThread = data.run(bob, null, "thread", null, T0, null, null, null, null);
    data.chatMessage(bobsThread, UUID.randomUUID(), "user", bob);
    data.score(bobs, "accuracy");

    api(project.privateKey()).delete("/v1/external-users/" + jane).then().statusCode(204);

    UUID p = project.id();
    assertThat(data.count("select count(*) from external_user where project_id = ?", p))
        .isEqualTo(1);
    assertThat(data.count("select count(*) from external_user where id = ?", jane)).isZero();
    for (UUID gone : new UUID[] {agent, tool, llm, grandchild, pendingChild, thread, chat}) {
      assertThat(data.count("select count(*) from run where project_id = ? and id = ?", p, gone))
          .as("run %s", gone)
          .isZero();
    }
    assertThat(data.count("select count(*) from run where project_id = ?", p)).isEqualTo(2);
    assertThat(data.count("select count(*) from chat_message where project_id = ?", p))
        .isEqualTo(1);
    assertThat(data.count("select count(*) from chat_message where thread_id = ?", thread))
        .isZero();
    assertThat(data.count("select count(*) from run_score where project_id = ?", p)).isEqualTo(1);
    assertThat(data.count("select count(*) from run_score where run_id = ?", bobs)).isEqualTo(1);

    api(project.privateKey()).get("/v1/external-users/" + jane).then().statusCode(404);
    api(project.privateKey()).get("/v1/external-users/" + bob).then().statusCode(200);
  }

  @Test
  void delete_unknownUser_returns404AndDeletesNothing() {
    long jane = data.user("jane", null, T0, null);
    data.llm(jane, T0, 0.1, 1, 1);

    api(project.privateKey())
        .delete("/v1/external-users/" + (jane + 100_000))
        .then()
        .statusCode(404);

    assertThat(data.count("select count(*) from run where project_id = ?", project.id()))
        .isEqualTo(1);
  }

  @Test
  void delete_userOfAnotherProject_returns404AndKeepsIt() {
    TestProject other = server.newProject();
    UserFixtures theirData = new UserFixtures(server, other.id());
    long theirs = theirData.user("theirs", null, T0, null);
    theirData.llm(theirs, T0, 0.1, 1, 1);

    api(project.privateKey()).delete("/v1/external-users/" + theirs).then().statusCode(404);

    assertThat(data.count("select count(*) from external_user where id = ?", theirs)).isEqualTo(1);
    assertThat(data.count("select count(*) from run where project_id = ?", other.id()))
        .isEqualTo(1);
  }

  @Test
  void delete_publicKey_returns403AndKeepsUser() {
    long jane = data.user("jane", null, T0, null);

    api(project.publicKey()).delete("/v1/external-users/" + jane).then().statusCode(403);

    assertThat(data.count("select count(*) from external_user where id = ?", jane)).isEqualTo(1);
  }
}
