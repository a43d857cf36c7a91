package dev.selene.server.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.analytics.Scope.Source;
import dev.selene.server.ingest.RunIds;
import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * agents/top read from the per-root-hour rollup (V24) equals the raw walk after every kind of
 * change that reaches a root from another hour, both before the worker ran (the change must have
 * marked the root's hour) and after it caught up (the rewritten rows must be right).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentRollupTest {
  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);
  private final Analytics analytics = new Analytics(server.db(), new TimeZones(server.db()));
  private final ObjectMapper json = server.server().services().json();

  private static final Instant DAY = Instant.parse("2025-05-10T00:00:00Z");

  /** Whole days (every clean hour from the rollup), odd edges, and a narrow window. */
  private static final List<String> RANGES =
      List.of(
          "startDate=2025-05-01T00:00:00.000Z&endDate=2025-06-01T00:00:00.000Z&timeZone=UTC",
          "startDate=2025-05-10T10:17:00.000Z&endDate=2025-05-12T11:45:00.000Z&timeZone=UTC",
          "startDate=2025-05-10T11:00:00.000Z&endDate=2025-05-10T15:00:00.000Z&timeZone=UTC",
          "startDate=2025-05-10T14:00:00.000Z&endDate=2025-05-10T16:00:00.000Z&timeZone=UTC",
          "startDate=2025-05-10T22:00:00.000Z&endDate=2025-05-10T23:00:00.000Z&timeZone=UTC");

  private static Instant at(int hour, int minute) {
    return DAY.plus(hour, ChronoUnit.HOURS).plus(minute, ChronoUnit.MINUTES);
  }

  private static String start(String type, String id, String name, Instant at, String parent) {
    return start(type, id, name, at, parent, null);
  }

  private static String start(
      String type, String id, String name, Instant at, String parent, String user) {
    String extra = parent == null ? "" : "\"parentRunId\":\"" + parent + "\"";
    if (user != null) {
      extra += (extra.isEmpty() ? "" : ",") + "\"userId\":\"" + user + "\"";
    }
    return Events.start(type, id, name, at, extra);
  }

  private static String llm(String id, String parent, Instant at, int prompt, int completion) {
    return start("llm", id, "gpt-x", at, parent)
        + ","
        + Events.end("llm", id, at.plusSeconds(1), prompt, completion);
  }

  private void ingest(String... events) {
    client.ingest("[" + String.join(",", events) + "]");
  }

  @Test
  @Order(1)
  void crossHourTreesNestedRootsAndCycles() {
    ingest(
        // planner root at 10:05, a tool at 10:30, its LLM child at 12:10, another child next day
        start("agent", "a1", "planner", at(10, 5), null, "alice"),
        start("tool", "a2", "search", at(10, 30), "a1", "alice"),
        llm("a3", "a2", at(12, 10), 10, 5),
        llm("a4", "a1", at(33, 0), 3, 1),
        // bob's writer tree with one of alice's runs inside
        start("agent", "b1", "writer", at(11, 20), null, "bob"),
        start("chain", "b2", "step", at(11, 25), "b1", "bob"),
        start("llm", "b3", "gpt-x", at(13, 40), "b2", "alice"),
        Events.end("llm", "b3", at(13, 41), 7, 7),
        // a planner nested (through a chat exchange) in a planner tree, its LLM an hour later
        start("agent", "n1", "planner", at(14, 0), null),
        start("tool", "n2", "exchange", at(14, 1), "n1"),
        start("agent", "n3", "planner", at(14, 2), "n2"),
        llm("n4", "n3", at(15, 10), 100, 10),
        // a tree that becomes a parent cycle
        start("agent", "c1", "looper", at(16, 0), null),
        start("tool", "c2", "step", at(16, 1), "c1"),
        start("tool", "c3", "loop-chat", at(17, 2), "c2"));
    UUID p = client.project.id();
    client.sql("update run set type = 'chat' where project_id = ? and id = ?", p, id("n2"));
    client.sql("update run set cost = 0.25 where project_id = ? and type = 'llm'", p);
    assertAllEqual();
    client.catchUp();
    assertThat(count("select count(*) from rollup_agent_hourly where project_id = ?")).isPositive();
    // n1 has a planner nested in its tree; n3 has a chat exchange as parent
    assertThat(count("select count(*) from rollup_agent_special where project_id = ?"))
        .isEqualTo(2);
    assertAllEqual();

    client.sql("update run set type = 'chat' where project_id = ? and id = ?", p, id("c3"));
    client.sql(
        "update run set parent_run_id = ? where project_id = ? and id = ?", id("c3"), p, id("c1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(2)
  void lateDescendantsInOtherHours_updatesAndPricing() {
    ingest(
        Events.end("llm", "a3", at(12, 20), 50, 50),
        llm("a5", "a2", at(44, 0), 1, 2),
        Events.end("tool", "a2", at(45, 0), null, null));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
    // late pricing of runs created in other hours than their roots
    client.sql(
        "update run set cost = 1.5 where project_id = ? and id = any(?)",
        client.project.id(),
        new UUID[] {id("a5"), id("n4"), id("b3")});
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(3)
  void childBeforeParent_andRootAfterItsChildren() {
    ingest(llm("d3", "d2", at(18, 30), 9, 9), llm("e2", "e1", at(19, 0), 4, 4));
    client.catchUp();
    assertAllEqual();
    // the missing middle run arrives and joins d3 to a1's tree (root at 10:05)
    ingest(start("tool", "d2", "fetch", at(17, 0), "a1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
    // the root arrives after its child, an hour earlier
    ingest(start("agent", "e1", "writer", at(18, 0), null));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(4)
  void lateChatParent_makesANestedRootOfTheSameName_andStopsBeingOne() {
    ingest(start("agent", "f2", "writer", at(20, 10), "f1"), llm("f3", "f2", at(21, 0), 30, 3));
    client.catchUp();
    assertAllEqual();
    // f1 arrives inside bob's writer tree (root at 11:20) as a chat exchange: f2 is now a writer
    // root nested in a writer tree
    ingest(start("tool", "f1", "exchange", at(20, 5), "b1"));
    client.sql(
        "update run set type = 'chat' where project_id = ? and id = ?",
        client.project.id(),
        id("f1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
    client.sql(
        "update run set type = 'tool' where project_id = ? and id = ?",
        client.project.id(),
        id("f1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(4)
  void chatParentInAnotherHour_makesItsAgentChildARoot() {
    ingest(start("agent", "g2", "solo", at(22, 10), "g1"), llm("g3", "g2", at(23, 0), 2, 2));
    client.catchUp();
    assertAllEqual();
    // the parent arrives in the hour before, then turns out to be a chat exchange: g2 (22:00)
    // becomes a root although nothing of its hour changed
    ingest(start("tool", "g1", "exchange", at(21, 50), null));
    client.sql(
        "update run set type = 'chat' where project_id = ? and id = ?",
        client.project.id(),
        id("g1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
    client.sql("delete from run where project_id = ? and id = ?", client.project.id(), id("g1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(5)
  void deletingAMiddleRunAndAUser() {
    client.catchUp();
    delete("/v1/runs/" + id("a2"));
    assertThat(count("select count(*) from run where project_id = ? and name = 'search'")).isZero();
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
    long alice =
        count("select id from external_user where project_id = ? and external_id = 'alice'");
    delete("/v1/external-users/" + alice);
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  @Test
  @Order(6)
  void caughtUp_rollupRowsAreWhatIsRead() {
    client.catchUp();
    String range = RANGES.get(0);
    double before = cost(client.get("agents/top", range), "writer");
    client.sql(
        "update rollup_agent_hourly set cost = cost + 1000 where project_id = ? and name = 'writer'"
            + " and hour = ?",
        client.project.id(),
        java.sql.Timestamp.from(at(11, 0)));
    assertThat(cost(client.get("agents/top", range), "writer"))
        .as("read from the rollup row")
        .isEqualTo(before + 1000);
    // a run changed in another hour marks the root's hour: read raw again, exact
    client.sql(
        "update run set cost = 2 where project_id = ? and id = ?", client.project.id(), id("f1"));
    assertAllEqual();
    client.catchUp();
    assertAllEqual();
  }

  private static double cost(JsonNode body, String name) {
    for (JsonNode agent : body.path("data")) {
      if (agent.path("name").asText().equals(name)) {
        return agent.path("cost").asDouble();
      }
    }
    throw new AssertionError(name + " not in " + body);
  }

  private void assertAllEqual() {
    for (String range : RANGES) {
      JsonNode raw =
          reparse(analytics.answer("agents/top", client.project.id(), range, Source.RAW));
      assertThat(client.get("agents/top", range)).as("agents/top?" + range).isEqualTo(raw);
    }
  }

  private JsonNode reparse(Object answer) {
    try {
      return AnalyticsClient.parse(json.writeValueAsString(answer));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static UUID id(String raw) {
    return RunIds.normalize(raw);
  }

  private void delete(String path) {
    int status =
        given()
            .baseUri(server.baseUrl())
            .header("Authorization", "Bearer " + client.project.privateKey())
            .delete(path)
            .statusCode();
    assertThat(status).as("DELETE " + path).isIn(200, 204);
  }

  private long count(String sql) {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, client.project.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
