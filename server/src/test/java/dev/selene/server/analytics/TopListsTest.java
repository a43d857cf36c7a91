package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopListsTest {
  private final TestServer server = TestServer.shared();
  private final AnalyticsClient client = new AnalyticsClient(server);

  private static final Instant AT = Instant.parse("2025-02-10T10:00:00Z");
  private static final String RANGE =
      "startDate=2025-02-01T00:00:00.000Z&endDate=2025-03-01T00:00:00.000Z&timeZone=UTC";

  private void llm(AnalyticsClient c, String model, int prompt, int completion, String user) {
    c.ingest(Events.llm(UUID.randomUUID().toString(), model, AT, 500, prompt, completion, user));
  }

  @Test
  void modelsTop_top5LlmModelsByTotalTokensThenCost() {
    String[] models = {"m1", "m2", "m3", "m4", "m5", "m6"};
    for (int i = 0; i < models.length; i++) {
      llm(client, models[i], 10 * (i + 1), 1, null);
    }
    llm(client, "m1", 1000, 0, null);
    client.ingest("[" + Events.start("tool", "tool-1", "m6", AT, "") + "]");
    client.sql(
        "update run set cost = 0.25 where project_id = ? and name = 'm1'", client.project.id());

    JsonNode top = client.get("models/top", RANGE);

    assertThat(top.toString())
        .isEqualTo(
            "[{\"name\":\"m1\",\"promptTokens\":1010,\"completionTokens\":1,\"totalTokens\":1011,\"cost\":0.5},"
                + "{\"name\":\"m6\",\"promptTokens\":60,\"completionTokens\":1,\"totalTokens\":61,\"cost\":0.0},"
                + "{\"name\":\"m5\",\"promptTokens\":50,\"completionTokens\":1,\"totalTokens\":51,\"cost\":0.0},"
                + "{\"name\":\"m4\",\"promptTokens\":40,\"completionTokens\":1,\"totalTokens\":41,\"cost\":0.0},"
                + "{\"name\":\"m3\",\"promptTokens\":30,\"completionTokens\":1,\"totalTokens\":31,\"cost\":0.0}]");
  }

  @Test
  void modelsTop_userIdNameAndRange() {
    llm(client, "m1", 10, 0, "alice");
    llm(client, "m1", 20, 0, "bob");
    llm(client, "m2", 30, 0, "alice");
    long alice = userId("alice");

    assertThat(client.get("models/top", RANGE + "&userId=" + alice).toString())
        .contains("\"name\":\"m2\",\"promptTokens\":30")
        .contains("\"name\":\"m1\",\"promptTokens\":10");
    assertThat(client.get("models/top", "name=m1").toString())
        .isEqualTo(
            "[{\"name\":\"m1\",\"promptTokens\":30,\"completionTokens\":0,\"totalTokens\":30,\"cost\":0.0}]");
    assertThat(client.get("models/top", "startDate=2025-02-11T00:00:00.000Z").toString())
        .isEqualTo("[]");
    Response bad = client.request("models/top", "userId=alice", client.project.privateKey());
    assertThat(bad.statusCode()).isEqualTo(422);
  }

  private long userId(String externalId) {
    try (var c = server.db().getConnection();
        var ps =
            c.prepareStatement(
                "select id from external_user where project_id = ? and external_id = ?")) {
      ps.setObject(1, client.project.id());
      ps.setString(2, externalId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void orgModelsTop_sumsEveryProjectOfTheOrg_namesTheBiggestProject() {
    // gpt-4o is priced by the model table: 400 prompt tokens at $2.5 per million
    TestProject second = client.newProjectInSameOrg("Second project");
    AnalyticsClient other = new AnalyticsClient(server, second);
    llm(client, "gpt-4o", 100, 0, null);
    llm(other, "gpt-4o", 300, 0, null);
    llm(other, "mini", 5, 0, null);
    TestProject stranger = server.newProject();
    llm(new AnalyticsClient(server, stranger), "gpt-4o", 9999, 0, null);

    Response r = client.request("org/models/top", RANGE, client.project.orgKey());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString())
        .isEqualTo(
            "[{\"name\":\"gpt-4o\",\"promptTokens\":400,\"completionTokens\":0,\"totalTokens\":400,"
                + "\"cost\":0.001,\"projectName\":\"Second project\"},"
                + "{\"name\":\"mini\",\"promptTokens\":5,\"completionTokens\":0,\"totalTokens\":5,"
                + "\"cost\":0.0,\"projectName\":\"Second project\"}]");
  }

  @Test
  void agentsTop_rootAgentsSummedWithTheirWholeTree() {
    client.ingest(
        "["
            + Events.start("agent", "root-1", "planner", AT, "")
            + ","
            + Events.start(
                "llm", "child-1", "gpt-4o", AT.plusSeconds(1), "\"parentRunId\":\"root-1\"")
            + ","
            + Events.end("llm", "child-1", AT.plusSeconds(2), 100, 10)
            + ","
            + Events.start(
                "tool", "child-2", "search", AT.plusSeconds(1), "\"parentRunId\":\"root-1\"")
            + ","
            + Events.start(
                "llm", "grandchild", "mini", AT.plusSeconds(3), "\"parentRunId\":\"child-2\"")
            + ","
            + Events.end("llm", "grandchild", AT.plusSeconds(4), 1, 1)
            + ","
            + Events.start("chain", "root-2", "planner", AT, "")
            + ","
            + Events.start(
                "llm", "child-3", "gpt-4o", AT.plusSeconds(1), "\"parentRunId\":\"root-2\"")
            + ","
            + Events.end("llm", "child-3", AT.plusSeconds(2), 5, 5)
            + ","
            + Events.start("agent", "root-3", "writer", AT, "")
            + "]");
    client.sql(
        "update run set cost = 0.5 where project_id = ? and type = 'llm'", client.project.id());

    JsonNode body = client.get("agents/top", RANGE);

    assertThat(body.toString())
        .isEqualTo(
            "{\"data\":[{\"name\":\"planner\",\"cost\":1.5,\"promptTokens\":106,\"completionTokens\":16,"
                + "\"totalTokens\":122},{\"name\":\"writer\",\"cost\":0.0,\"promptTokens\":0,"
                + "\"completionTokens\":0,\"totalTokens\":0}]}");
  }

  @Test
  void agentsTop_nestedRootsAndParentCycles_countEachRunOncePerRootName() {
    client.ingest(
        "["
            + Events.start("agent", "outer", "planner", AT, "")
            + ","
            + Events.start("tool", "exchange", "exchange", AT.plusSeconds(1), parent("outer"))
            + ","
            + Events.start("agent", "inner", "planner", AT.plusSeconds(2), parent("exchange"))
            + ","
            + Events.start("chain", "other", "writer", AT.plusSeconds(2), parent("exchange"))
            + ","
            + Events.start("llm", "leaf-1", "gpt-4o", AT.plusSeconds(3), parent("inner"))
            + ","
            + Events.end("llm", "leaf-1", AT.plusSeconds(4), 100, 10)
            + ","
            + Events.start("llm", "leaf-2", "gpt-4o", AT.plusSeconds(3), parent("other"))
            + ","
            + Events.end("llm", "leaf-2", AT.plusSeconds(4), 7, 3)
            + ","
            + Events.start("agent", "loop-root", "looper", AT, "")
            + ","
            + Events.start("tool", "loop-child", "step", AT.plusSeconds(1), parent("loop-root"))
            + ","
            + Events.start(
                "tool", "loop-chat", "loop-chat", AT.plusSeconds(2), parent("loop-child"))
            + "]");
    UUID p = client.project.id();
    // chat exchanges: "inner" and "other" start traces of their own inside "outer"'s trace
    client.sql(
        "update run set type = 'chat' where project_id = ? and name in ('exchange', 'loop-chat')",
        p);
    // a corrupt parent cycle: loop-root -> loop-child -> loop-chat -> loop-root
    client.sql(
        "update run set parent_run_id = (select id from run where project_id = ?"
            + " and name = 'loop-chat') where project_id = ? and name = 'looper'",
        p,
        p);
    client.sql("update run set cost = 0.25 where project_id = ? and type = 'llm'", p);
    client.sql("update run set cost = 2 where project_id = ? and name = 'step'", p);

    JsonNode body = client.get("agents/top", RANGE);

    // planner: outer, the exchange, inner, other and both leaves, each once although inner's
    // tree is also under outer; writer: other and leaf-2; looper: its three runs once each
    assertThat(body.toString())
        .isEqualTo(
            "{\"data\":[{\"name\":\"looper\",\"cost\":2.0,\"promptTokens\":0,"
                + "\"completionTokens\":0,\"totalTokens\":0},{\"name\":\"planner\",\"cost\":0.5,"
                + "\"promptTokens\":107,\"completionTokens\":13,\"totalTokens\":120},"
                + "{\"name\":\"writer\",\"cost\":0.25,\"promptTokens\":7,\"completionTokens\":3,"
                + "\"totalTokens\":10}]}");
  }

  private static String parent(String id) {
    return "\"parentRunId\":\"" + id + "\"";
  }

  private long templateVersion(String slug) {
    client.sql(
        "insert into template (project_id, slug, mode, created_by_kind) values (?, ?, 'text', 'api')",
        client.project.id(),
        slug);
    client.sql(
        "insert into template_version (template_id, version, content, is_draft, published_at,"
            + " created_by_kind) select id, 1, '\"hi\"', false, now(), 'api' from template"
            + " where project_id = ? and slug = ?",
        client.project.id(),
        slug);
    return userIdLike(
        "select v.id from template_version v join template t on t.id = v.template_id"
            + " where t.project_id = ? and t.slug = '"
            + slug
            + "'");
  }

  private long userIdLike(String sql) {
    try (var c = server.db().getConnection();
        var ps = c.prepareStatement(sql)) {
      ps.setObject(1, client.project.id());
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void templatesTop_mostUsedTemplatesWithTheirTokensAndCost() {
    long greet = templateVersion("greet");
    long summarize = templateVersion("summarize");
    for (int i = 0; i < 3; i++) {
      client.ingest(
          "["
              + Events.start("llm", "tpl-g" + i, "m", AT, "\"templateId\":" + greet)
              + ","
              + Events.end("llm", "tpl-g" + i, AT.plusSeconds(1), 10, 5)
              + "]");
    }
    client.ingest(
        "["
            + Events.start("llm", "tpl-s", "m", AT, "\"templateId\":" + summarize)
            + ","
            + Events.end("llm", "tpl-s", AT.plusSeconds(1), 100, 50)
            + "]");
    llm(client, "m", 1, 1, null);

    JsonNode top = client.get("templates/top", RANGE);

    assertThat(top.toString())
        .isEqualTo(
            "[{\"slug\":\"greet\",\"id\":"
                + userIdLike("select id from template where project_id = ? and slug = 'greet'")
                + ",\"usageCount\":3,\"promptTokens\":30,\"completionTokens\":15,"
                + "\"totalTokens\":45,\"cost\":0.0},{\"slug\":\"summarize\",\"id\":"
                + userIdLike("select id from template where project_id = ? and slug = 'summarize'")
                + ",\"usageCount\":1,\"promptTokens\":100,\"completionTokens\":50,"
                + "\"totalTokens\":150,\"cost\":0.0}]");
  }

  @Test
  void languagesAndTopicsTop_emptyWithoutClassifiers() {
    assertThat(client.get("languages/top", RANGE + "&granularity=daily").toString())
        .isEqualTo("{\"data\":[]}");
    assertThat(client.get("topics/top", RANGE).toString()).isEqualTo("{\"data\":[]}");
  }
}
