package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunListTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);

  @Test
  void list_noFilter_returnsOnlyLlmRunsNewestFirst() {
    UUID older = fixtures.run("llm").name("gpt-4o").insert();
    fixtures.run("agent").name("agent").insert();
    UUID newer = fixtures.run("llm").name("gpt-4o-mini").insert();

    JsonNode body = api.list("");

    assertThat(RunsApi.keys(body)).containsExactly("page", "limit", "data");
    assertThat(body.get("page").asInt()).isZero();
    assertThat(body.get("limit").asInt()).isEqualTo(50);
    assertThat(api.ids("")).containsExactly(newer.toString(), older.toString());
  }

  @Test
  void list_anyFilter_dropsTheDefaultType() {
    fixtures.run("llm").tags("x").insert();
    UUID agent = fixtures.run("agent").tags("x").insert();

    assertThat(api.ids("tags=x")).hasSize(2).contains(agent.toString());
  }

  @Test
  void list_pendingRows_areHidden() {
    fixtures.run("llm").pending().insert();
    UUID visible = fixtures.run("llm").insert();

    assertThat(api.ids("")).containsExactly(visible.toString());
    assertThat(api.get("/v1/runs/count").asString()).isEqualTo("1");
  }

  @Test
  void list_otherProjectsRuns_areNotListed() {
    TestProject other = server.newProject();
    new RunFixtures(server, other).run("llm").insert();
    UUID mine = fixtures.run("llm").insert();

    assertThat(api.ids("")).containsExactly(mine.toString());
  }

  @Test
  void list_limitAndPage_returnConsecutivePages() {
    UUID a = fixtures.run("llm").insert();
    UUID b = fixtures.run("llm").insert();
    UUID c = fixtures.run("llm").insert();

    JsonNode second = api.list("limit=2&page=1");

    assertThat(second.get("limit").asInt()).isEqualTo(2);
    assertThat(second.get("page").asInt()).isEqualTo(1);
    assertThat(api.ids("limit=2&page=0")).containsExactly(c.toString(), b.toString());
    assertThat(api.ids("limit=2&page=1")).containsExactly(a.toString());
    assertThat(api.ids("limit=2&page=2")).isEmpty();
  }

  @Test
  void list_sameCreationTime_pagesWithoutDuplicates() {
    for (int i = 0; i < 5; i++) {
      fixtures.run("llm").createdAt("2025-01-01T00:00:00Z").insert();
    }
    List<String> all = new java.util.ArrayList<>();
    for (int page = 0; page < 3; page++) {
      all.addAll(api.ids("limit=2&page=" + page));
    }
    assertThat(all).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void list_sortByCostDescending_putsNullsLast() {
    UUID cheap = fixtures.run("llm").cost(0.001).insert();
    UUID none = fixtures.run("llm").insert();
    UUID dear = fixtures.run("llm").cost(0.5).insert();

    assertThat(api.ids("sortField=cost&sortDirection=desc"))
        .containsExactly(dear.toString(), cheap.toString(), none.toString());
    assertThat(api.ids("sortField=cost&sortDirection=asc"))
        .containsExactly(cheap.toString(), dear.toString(), none.toString());
  }

  @Test
  void list_sortFieldWithoutDirection_sortsAscendingAsTheReference() {
    UUID slow = fixtures.run("llm").lasting(5000).insert();
    UUID fast = fixtures.run("llm").lasting(100).insert();

    assertThat(api.ids("sortField=duration")).containsExactly(fast.toString(), slow.toString());
  }

  @Test
  void list_sortByTokensAndCreatedAt_orderAsAsked() {
    UUID big = fixtures.run("llm").tokens(100, 50).insert();
    UUID small = fixtures.run("llm").tokens(1, null).insert();

    assertThat(api.ids("sortField=tokens&sortDirection=desc"))
        .containsExactly(big.toString(), small.toString());
    assertThat(api.ids("sortField=createdAt&sortDirection=asc"))
        .containsExactly(big.toString(), small.toString());
  }

  @Test
  void list_sortByMessagesCount_ordersThreads() {
    UUID longThread = fixtures.run("thread").insert();
    UUID shortThread = fixtures.run("thread").insert();
    fixtures
        .run("chat")
        .parent(longThread)
        .input("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]")
        .output("[{\"role\":\"assistant\",\"content\":\"c\"}]")
        .insert();
    fixtures
        .run("chat")
        .parent(shortThread)
        .input("[{\"role\":\"user\",\"content\":\"x\"}]")
        .insert();

    assertThat(api.ids("type=thread&sortField=messagesCount&sortDirection=desc"))
        .containsExactly(longThread.toString(), shortThread.toString());
  }

  @Test
  void list_parentRunId_listsChildrenOnly() {
    UUID parent = fixtures.run("agent").insert();
    UUID child = fixtures.run("llm").parent(parent).insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("parentRunId=" + parent)).containsExactly(child.toString());
  }

  @Test
  void list_invalidPaging_is422NamingTheParameter() {
    api.get("/v1/runs?limit=1001").then().statusCode(422).body("message", containsString("limit"));
    api.get("/v1/runs?limit=0").then().statusCode(422).body("details.field", equalTo("limit"));
    api.get("/v1/runs?limit=abc").then().statusCode(422).body("details.field", equalTo("limit"));
    api.get("/v1/runs?page=-1").then().statusCode(422).body("details.field", equalTo("page"));
    api.get("/v1/runs?sortField=name")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("sortField"));
    api.get("/v1/runs?sortField=cost&sortDirection=up")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("sortDirection"));
  }

  @Test
  void list_withoutKey_is401AndWithPublicKey_is403() {
    new RunsApi(server, null).get("/v1/runs").then().statusCode(401);
    new RunsApi(server, project.publicKey()).get("/v1/runs").then().statusCode(403);
  }

  @Test
  void count_takesTheSameFilters_andReturnsABareNumber() {
    fixtures.run("llm").status("error").insert();
    fixtures.run("llm").status("success").insert();
    fixtures.run("tool").status("error").insert();

    assertThat(api.get("/v1/runs/count").asString()).isEqualTo("2");
    assertThat(api.get("/v1/runs/count?status=error").asString()).isEqualTo("2");
    assertThat(api.get("/v1/runs/count?type=tool&status=error").asString()).isEqualTo("1");
  }
}
