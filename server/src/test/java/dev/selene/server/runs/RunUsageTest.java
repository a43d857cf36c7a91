package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RunUsageTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);
  private final Instant now = Instant.now();

  private Instant daysAgo(int days) {
    return now.minus(days, ChronoUnit.DAYS);
  }

  @Test
  void usage_sumsRecentRunsPerNameAndType() {
    fixtures
        .run("llm")
        .name("gpt-4o")
        .createdAt(daysAgo(1))
        .status("success")
        .tokens(10, 5)
        .cost(0.5)
        .insert();
    fixtures
        .run("llm")
        .name("gpt-4o")
        .createdAt(daysAgo(2))
        .status("error")
        .tokens(3, null)
        .cost(0.25)
        .insert();
    fixtures.run("tool").name("search").createdAt(daysAgo(1)).status("success").insert();
    fixtures
        .run("llm")
        .name("gpt-4o")
        .createdAt(daysAgo(10))
        .status("success")
        .tokens(100, 100)
        .insert();

    JsonNode rows =
        RunsApi.parse(api.get("/v1/runs/usage?days=7").then().statusCode(200).extract().asString());

    assertThat(rows).hasSize(2);
    JsonNode llm = rows.get(0);
    assertThat(RunsApi.keys(llm))
        .containsExactly(
            "name", "type", "completionTokens", "promptTokens", "cost", "errors", "success");
    assertThat(llm.get("name").asText()).isEqualTo("gpt-4o");
    assertThat(llm.get("promptTokens").asInt()).isEqualTo(13);
    assertThat(llm.get("completionTokens").asInt()).isEqualTo(5);
    assertThat(llm.get("cost").asDouble()).isEqualTo(0.75);
    assertThat(llm.get("errors").asInt()).isEqualTo(1);
    assertThat(llm.get("success").asInt()).isEqualTo(1);
    assertThat(rows.get(1).get("name").asText()).isEqualTo("search");
    assertThat(rows.get(1).get("cost").isNull()).isTrue();
  }

  @Test
  void usage_forOneUser_countsOnlyTheirRuns() {
    long ann = fixtures.user("ann", null);
    fixtures.run("llm").name("m").createdAt(daysAgo(1)).user(ann).status("success").insert();
    fixtures.run("llm").name("m").createdAt(daysAgo(1)).status("success").insert();

    api.get("/v1/runs/usage?days=3&userId=" + ann)
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].success", equalTo(1));
  }

  @Test
  void usage_daily_groupsByUtcDayAndCountsRunsOfASecondOrMore() {
    Instant twoDaysAgo = daysAgo(2);
    fixtures.run("llm").name("m").createdAt(twoDaysAgo).lasting(1500).status("success").insert();
    fixtures.run("llm").name("m").createdAt(twoDaysAgo).lasting(200).status("success").insert();
    fixtures.run("llm").name("m").createdAt(daysAgo(1)).lasting(3000).status("error").insert();

    JsonNode rows = RunsApi.parse(api.get("/v1/runs/usage?days=5&daily").asString());

    assertThat(rows).hasSize(2);
    String day = LocalDate.ofInstant(twoDaysAgo, ZoneOffset.UTC) + "T00:00:00.000Z";
    assertThat(rows.get(0).get("date").asText()).isEqualTo(day);
    assertThat(rows.get(0).get("success").asInt()).isEqualTo(1);
    assertThat(rows.get(1).get("errors").asInt()).isEqualTo(1);
  }

  @Test
  void usage_badParameters_are422NamingThem() {
    api.get("/v1/runs/usage").then().statusCode(422).body("details.field", equalTo("days"));
    api.get("/v1/runs/usage?days=week")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("days"));
    api.get("/v1/runs/usage?days=0").then().statusCode(422).body("details.field", equalTo("days"));
    api.get("/v1/runs/usage?days=3&userId=ann")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("userId"));
  }
}
