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
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalUsersListTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final UserFixtures data = new UserFixtures(server, project.id());

  private RequestSpecification api() {
    return given()
        .baseUri(server.baseUrl())
        .urlEncodingEnabled(false)
        .header("Authorization", "Bearer " + project.privateKey());
  }

  private JsonPath list(String query) {
    return api().get("/v1/external-users" + query).then().statusCode(200).extract().jsonPath();
  }

  @Test
  void list_noParameters_returnsNewestUsersFirstWithTheirCost() {
    long alice = data.user("alice", "{\"name\":\"Alice\"}", T0, T0.plusSeconds(60));
    long bob = data.user("bob", null, T0.plusSeconds(10), null);
    data.llm(alice, T0, 0.25, 10, 5);
    data.llm(alice, T0.plusSeconds(1), 0.5, 10, 5);

    JsonPath page = list("");

    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(page.getInt("page")).isZero();
    assertThat(page.getInt("limit")).isEqualTo(100);
    assertThat(page.getList("data.id", Long.class)).containsExactly(bob, alice);
    assertThat(page.getMap("data[1]"))
        .containsOnlyKeys("id", "createdAt", "externalId", "lastSeen", "props", "cost");
    assertThat(page.getString("data[1].externalId")).isEqualTo("alice");
    assertThat(page.getString("data[1].createdAt")).isEqualTo("2025-03-01T10:00:00.000Z");
    assertThat(page.getString("data[1].lastSeen")).isEqualTo("2025-03-01T10:01:00.000Z");
    assertThat(page.getString("data[1].props.name")).isEqualTo("Alice");
    assertThat(page.getDouble("data[1].cost")).isEqualTo(0.75);
    assertThat(page.getString("data[0].cost")).isNull();
    assertThat(page.getString("data[0].props")).isNull();
  }

  @Test
  void list_limitAndPage_returnsThatSliceAndTheFullTotal() {
    for (int i = 0; i < 5; i++) {
      data.user("u" + i, null, T0.plusSeconds(i), null);
    }

    JsonPath page = list("?limit=2&page=1&sortDirection=asc&sortField=createdAt");

    assertThat(page.getLong("total")).isEqualTo(5);
    assertThat(page.getInt("page")).isEqualTo(1);
    assertThat(page.getInt("limit")).isEqualTo(2);
    assertThat(page.getList("data.externalId")).containsExactly("u2", "u3");
  }

  @Test
  void list_search_matchesExternalIdEmailOrNameIgnoringCase() {
    data.user("ACME-42", null, T0, null);
    data.user("x1", "{\"email\":\"jane@acme.org\"}", T0, null);
    data.user("x2", "{\"name\":\"Acme Robot\"}", T0, null);
    data.user("x3", "{\"company\":\"acme\"}", T0, null);

    JsonPath page = list("?search=acme");

    assertThat(page.getList("data.externalId")).containsExactlyInAnyOrder("ACME-42", "x1", "x2");
    assertThat(page.getLong("total")).isEqualTo(3);
  }

  @Test
  void list_searchWithLikeWildcards_matchesThemLiterally() {
    data.user("50%_off", null, T0, null);
    data.user("5000", null, T0, null);

    assertThat(list("?search=0%25_").getList("data.externalId")).containsExactly("50%_off");
  }

  @Test
  void list_sortByCostDescending_putsUsersWithoutCostLast() {
    long cheap = data.user("cheap", null, T0, null);
    long rich = data.user("rich", null, T0, null);
    data.user("free", null, T0, null);
    data.llm(cheap, T0, 0.1, 1, 1);
    data.llm(rich, T0, 3.0, 1, 1);

    assertThat(list("?sortField=cost&sortDirection=desc").getList("data.externalId"))
        .containsExactly("rich", "cheap", "free");
    assertThat(list("?sortField=cost&sortDirection=asc").getList("data.externalId"))
        .containsExactly("cheap", "rich", "free");
  }

  @Test
  void list_sortByLastSeen_ordersByItWithNeverSeenLast() {
    data.user("a", null, T0, T0.plusSeconds(30));
    data.user("b", null, T0, T0.plusSeconds(10));
    data.user("c", null, T0, null);

    assertThat(list("?sortField=lastSeen&sortDirection=asc").getList("data.externalId"))
        .containsExactly("b", "a", "c");
    assertThat(list("?sortField=lastSeen").getList("data.externalId"))
        .containsExactly("a", "b", "c");
  }

  @Test
  void list_unknownSortField_returns422NamingIt() {
    api()
        .get("/v1/external-users?sortField=name")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("sortField"))
        .body("message", containsString("createdAt, lastSeen, cost"));
  }

  @Test
  void list_invalidPagingOrDirection_returns422NamingTheParameter() {
    for (String[] c :
        new String[][] {
          {"limit=abc", "limit"},
          {"limit=0", "limit"},
          {"page=-1", "page"},
          {"sortDirection=up", "sortDirection"},
          {"startDate=yesterday", "startDate"},
          {"timeZone=Mars/Olympus", "timeZone"},
          {"startDate=2025-02-02&endDate=2025-02-01", "endDate"}
        }) {
      var response = api().get("/v1/external-users?" + c[0]);
      assertThat(response.statusCode()).as(c[0]).isEqualTo(422);
      assertThat(response.jsonPath().getString("details.field")).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void list_userPropsFilter_restrictsUsersAndTotal() {
    data.user("p1", "{\"plan\":\"pro\",\"email\":\"a@x.io\"}", T0, null);
    data.user("p2", "{\"plan\":\"free\",\"email\":\"b@x.io\"}", T0, null);
    data.user("p3", "{\"plan\":\"pro\",\"seats\":3}", T0, null);
    data.user("p4", null, T0, null);

    JsonPath pro = list("?user-props=plan.pro");
    assertThat(pro.getList("data.externalId")).containsExactlyInAnyOrder("p1", "p3");
    assertThat(pro.getLong("total")).isEqualTo(2);

    assertThat(list("?user-props=plan.pro&user-props=email.a@x%2Eio").getList("data.externalId"))
        .containsExactly("p1");
    assertThat(list("?user-props=seats.3").getList("data.externalId")).containsExactly("p3");
    String typed = "%7B%22type%22%3A%22number%22%2C%22value%22%3A3%7D";
    assertThat(list("?user-props=seats." + typed).getList("data.externalId")).containsExactly("p3");
  }

  @Test
  void list_dateWindow_restrictsOnlyWhichRunsCountTowardCost() {
    long user = data.user("u", null, T0, null);
    data.llm(user, Instant.parse("2025-01-10T12:00:00Z"), 1.0, 1, 1);
    data.llm(user, Instant.parse("2025-02-10T12:00:00Z"), 2.0, 1, 1);
    data.user("no-runs", null, T0.minusSeconds(5), null);

    JsonPath feb = list("?startDate=2025-02-01T00:00:00.000Z&endDate=2025-02-28T23:59:59.999Z");
    assertThat(feb.getLong("total")).isEqualTo(2);
    assertThat(feb.getDouble("data.find { it.externalId == 'u' }.cost")).isEqualTo(2.0);

    JsonPath march = list("?startDate=2025-03-01");
    assertThat(march.getString("data.find { it.externalId == 'u' }.cost")).isNull();
  }

  @Test
  void list_runFilterChecks_restrictOnlyWhichRunsCountTowardCost() {
    long user = data.user("u", null, T0, null);
    data.run(user, null, "llm", "gpt-4o", T0, 1.0, 1, 1, "success");
    data.run(user, null, "llm", "claude-3-5-sonnet", T0, 2.0, 1, 1, "success");
    data.run(user, null, "llm", "gpt-4o", T0, 4.0, 1, 1, "error");
    data.user("idle", null, T0.minusSeconds(1), null);

    JsonPath gpt = list("?models=gpt-4o");
    assertThat(gpt.getLong("total")).isEqualTo(2);
    assertThat(gpt.getDouble("data.find { it.externalId == 'u' }.cost")).isEqualTo(5.0);
    assertThat(list("?models=gpt-4o&status=success").getDouble("data[0].cost")).isEqualTo(1.0);
    assertThat(list("?OR&models=claude-3-5-sonnet&status=error").getDouble("data[0].cost"))
        .isEqualTo(6.0);
    assertThat(list("?type=agent").getString("data[0].cost")).isNull();
  }

  @Test
  void list_searchAndUserProps_doNotRestrictCostRuns() {
    long user = data.user("acme", "{\"plan\":\"pro\"}", T0, null);
    data.llm(user, T0, 1.0, 1, 1);

    assertThat(list("?search=acme&user-props=plan.pro").getDouble("data[0].cost")).isEqualTo(1.0);
  }

  @Test
  void list_malformedRunCheck_returns422NamingIt() {
    api()
        .get("/v1/external-users?cost=gt.cheap")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("cost"));
  }

  @Test
  void list_bareDatesWithTimeZone_coverWholeLocalDays() {
    long user = data.user("u", null, T0, null);
    // 2025-01-31T23:30 in New York is 2025-02-01T04:30Z.
    data.llm(user, Instant.parse("2025-02-01T04:30:00Z"), 1.0, 1, 1);
    data.llm(user, Instant.parse("2025-02-01T05:30:00Z"), 2.0, 1, 1);

    assertThat(
            list("?startDate=2025-01-31&endDate=2025-01-31&timeZone=America/New_York")
                .getDouble("data[0].cost"))
        .isEqualTo(1.0);
    assertThat(list("?startDate=2025-01-31&endDate=2025-01-31").getString("data[0].cost")).isNull();
  }

  @Test
  void list_pendingRunsAndOtherUsersRuns_doNotCount() {
    long user = data.user("u", null, T0, null);
    long other = data.user("other", null, T0, null);
    data.llm(user, T0, 1.0, 1, 1);
    data.run(user, null, "llm", "gpt-4o", null, 5.0, 1, 1, null);
    data.llm(other, T0, 7.0, 1, 1);

    assertThat(list("?search=u").getDouble("data.find { it.externalId == 'u' }.cost"))
        .isEqualTo(1.0);
  }

  @Test
  void list_anotherProjectsUsers_areNotVisible() {
    data.user("mine", null, T0, null);
    TestProject other = server.newProject();
    new UserFixtures(server, other.id()).user("theirs", null, T0, null);

    JsonPath page = list("");
    assertThat(page.getList("data.externalId")).containsExactly("mine");
    assertThat(page.getLong("total")).isEqualTo(1);
  }

  @Test
  void list_publicKey_returns403() {
    given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.publicKey())
        .get("/v1/external-users")
        .then()
        .statusCode(403)
        .body("message", containsString("private API key"));
  }

  @Test
  void list_xApiKeyHeader_isAccepted() {
    data.user("via-header", null, T0, null);
    List<String> ids =
        given()
            .baseUri(server.baseUrl())
            .header("X-API-Key", project.privateKey())
            .get("/v1/external-users")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("data.externalId");
    assertThat(ids).containsExactly("via-header");
  }
}
