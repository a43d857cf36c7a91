package dev.selene.server.runs;

import static dev.selene.server.runs.RunsApi.twice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The check-based filter language of GET /v1/runs, one check at a time and combined. */
class RunFiltersTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);

  private static String s(UUID id) {
    return id.toString();
  }

  @Test
  void type_matchesThatTypeOnly() {
    UUID agent = fixtures.run("agent").insert();
    fixtures.run("tool").insert();

    assertThat(api.ids("type=agent")).containsExactly(s(agent));
  }

  @Test
  void typeTrace_matchesRootAgentsAndChainsAndThoseUnderAChat() {
    UUID rootAgent = fixtures.run("agent").insert();
    UUID thread = fixtures.run("thread").insert();
    UUID chat = fixtures.run("chat").parent(thread).insert();
    UUID chainUnderChat = fixtures.run("chain").parent(chat).insert();
    fixtures.run("agent").parent(rootAgent).insert(); // nested: part of a trace, not one
    fixtures.run("llm").insert();

    assertThat(api.ids("type=trace")).containsExactlyInAnyOrder(s(rootAgent), s(chainUnderChat));
  }

  @Test
  void models_matchAnyListedName_withEncodedDots() {
    UUID a = fixtures.run("llm").name("gpt-4.1").insert();
    UUID b = fixtures.run("llm").name("claude 3").insert();
    fixtures.run("llm").name("gpt-4").insert();

    assertThat(api.ids("models=" + twice("gpt-4.1") + "," + twice("claude 3")))
        .containsExactlyInAnyOrder(s(a), s(b));
  }

  @Test
  void tags_matchRunsHavingAnyListedTag() {
    UUID both = fixtures.run("llm").tags("a", "b").insert();
    UUID second = fixtures.run("llm").tags("c++").insert();
    fixtures.run("llm").tags("z").insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("tags=a," + twice("c++"))).containsExactlyInAnyOrder(s(both), s(second));
  }

  @Test
  void templates_matchRunsOfAnyVersionOfTheListedTemplates() {
    long[] greet = fixtures.template("greet");
    long[] other = fixtures.template("other");
    UUID greeted = fixtures.run("llm").templateVersion(greet[1]).insert();
    fixtures.run("llm").templateVersion(other[1]).insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("templates=" + greet[0])).containsExactly(s(greeted));
    assertThat(api.list("templates=" + greet[0]).get("data").get(0).get("templateSlug").asText())
        .isEqualTo("greet");
  }

  @Test
  void templates_ofAnotherProject_matchNothing() {
    long[] theirs = new RunFixtures(server, server.newProject()).template("theirs");
    fixtures.run("llm").templateVersion(theirs[1]).insert();

    assertThat(api.ids("templates=" + theirs[0])).isEmpty();
    assertThat(api.list("").get("data").get(0).get("templateSlug").isNull()).isTrue();
  }

  @Test
  void status_matchesThatStatus() {
    UUID failed = fixtures.run("llm").status("error").insert();
    fixtures.run("llm").status("success").insert();

    assertThat(api.ids("status=error")).containsExactly(s(failed));
  }

  @Test
  void users_matchRunsOfTheListedExternalUsers() {
    long ann = fixtures.user("ann", null);
    long bob = fixtures.user("bob", null);
    long cid = fixtures.user("cid", null);
    UUID annRun = fixtures.run("llm").user(ann).insert();
    UUID bobRun = fixtures.run("llm").user(bob).insert();
    fixtures.run("llm").user(cid).insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("users=" + ann + "," + bob)).containsExactlyInAnyOrder(s(annRun), s(bobRun));
  }

  @Test
  void userProps_matchTextNumbersAndTypedPayloads() {
    long pro = fixtures.user("pro", "{\"plan\":\"pro\",\"age\":30,\"beta\":true}");
    long free = fixtures.user("free", "{\"plan\":\"free\",\"age\":31}");
    UUID proRun = fixtures.run("llm").user(pro).insert();
    fixtures.run("llm").user(free).insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("user-props=plan.pro")).containsExactly(s(proRun));
    assertThat(api.ids("user-props=plan.%20pro%20")).containsExactly(s(proRun));
    assertThat(api.ids("user-props=age.30")).containsExactly(s(proRun));
    String typed = RunsApi.once("{\"type\":\"boolean\",\"value\":true}");
    assertThat(api.ids("user-props=beta." + typed)).containsExactly(s(proRun));
  }

  @Test
  void metadata_matchesTextAndTheJsonValuesItSpells() {
    UUID prod =
        fixtures.run("llm").metadata("{\"env\":\"prod\",\"retries\":3,\"cached\":true}").insert();
    fixtures.run("llm").metadata("{\"env\":\"dev\",\"retries\":\"4\"}").insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("metadata=env.prod")).containsExactly(s(prod));
    assertThat(api.ids("metadata=retries.3")).containsExactly(s(prod));
    assertThat(api.ids("metadata=cached.true")).containsExactly(s(prod));
    assertThat(api.ids("metadata=env.prod%2Eeu")).isEmpty();
  }

  @Test
  void feedback_matchesTheRunOrADirectChild() {
    UUID liked = fixtures.run("llm").name("liked").feedback("{\"thumb\":\"up\"}").insert();
    UUID thread = fixtures.run("thread").insert();
    fixtures.run("chat").parent(thread).feedback("{\"thumb\":\"down\"}").insert();
    UUID silent = fixtures.run("thread").insert();
    fixtures.run("chat").parent(silent).insert();
    UUID commented = fixtures.run("llm").feedback("{\"comment\":\"nice\"}").insert();

    String up = twice("{\"thumb\":\"up\"}");
    String down = twice("{\"thumb\":\"down\"}");
    String none = twice("{\"thumb\":null}");
    assertThat(api.ids("feedback=" + up)).containsExactly(s(liked));
    assertThat(api.ids("type=thread&feedback=" + down)).containsExactly(s(thread));
    assertThat(api.ids("feedback=" + up + "," + down)).contains(s(liked), s(thread));
    assertThat(api.ids("type=thread&feedback=" + none)).containsExactly(s(silent));
    assertThat(api.ids("type=llm&feedback=" + none)).containsExactly(s(commented));
    assertThat(api.ids("feedback=" + twice("{\"comment\":\"nice\"}")))
        .containsExactly(s(commented));
  }

  @Test
  void search_matchesInputOrOutputCaseInsensitivelyAndLiterally() {
    UUID input =
        fixtures.run("llm").input("[{\"role\":\"user\",\"content\":\"Hello World\"}]").insert();
    UUID output = fixtures.run("tool").output("{\"text\":\"hello there\"}").insert();
    UUID percent = fixtures.run("llm").input("\"100% sure\"").insert();
    fixtures.run("llm").input("\"100 sure\"").insert();

    assertThat(api.ids("search=HELLO")).containsExactlyInAnyOrder(s(input), s(output));
    assertThat(api.ids("search=100%25")).containsExactly(s(percent));
    assertThat(api.ids("search=hello+world")).containsExactly(s(input));
  }

  @Test
  void string_matchesTheChosenFieldAndCase() {
    UUID a =
        fixtures
            .run("llm")
            .input("[{\"role\":\"user\",\"content\":\"Tell me\"}]")
            .output("\"Sure\"")
            .insert();
    UUID b = fixtures.run("llm").input("[{\"role\":\"user\",\"content\":\"tell them\"}]").insert();

    assertThat(api.ids("string=input.contains.true.Tell")).containsExactly(s(a));
    assertThat(api.ids("string=input.contains.false.Tell")).containsExactlyInAnyOrder(s(a), s(b));
    assertThat(api.ids("string=output.contains.false.sure")).containsExactly(s(a));
    assertThat(api.ids("string=any.notcontains.false.sure")).containsExactly(s(b));
    assertThat(api.ids("string=input.starts.false.tell%20the")).containsExactly(s(b));
  }

  @Test
  void length_comparesTheFieldsTextLength() {
    UUID longOne = fixtures.run("llm").output("\"" + "y".repeat(50) + "\"").insert();
    fixtures.run("llm").output("\"short\"").insert();

    assertThat(api.ids("length=output.gt.20")).containsExactly(s(longOne));
  }

  @Test
  void date_comparesCreationTime() {
    UUID old = fixtures.run("llm").createdAt("2024-06-01T00:00:00Z").insert();
    UUID recent = fixtures.run("llm").createdAt("2025-06-01T00:00:00Z").insert();

    assertThat(api.ids("date=gt.2025-01-01T00:00:00%2E000Z")).containsExactly(s(recent));
    assertThat(api.ids("date=lt.2025-01-01T00:00:00%2E000Z")).containsExactly(s(old));
    assertThat(api.ids("date=gt.2025-01-01")).containsExactly(s(recent));
  }

  @Test
  void duration_comparesSeconds() {
    UUID slow = fixtures.run("llm").lasting(3000).insert();
    UUID medium = fixtures.run("llm").lasting(1600).insert();
    fixtures.run("llm").lasting(200).insert();

    assertThat(api.ids("duration=gt.2")).containsExactly(s(slow));
    assertThat(api.ids("duration=gte.1%2E5")).containsExactlyInAnyOrder(s(slow), s(medium));
  }

  @Test
  void cost_comparesWithDecimals() {
    UUID dear = fixtures.run("llm").cost(0.75).insert();
    fixtures.run("llm").cost(0.25).insert();
    fixtures.run("llm").insert();

    assertThat(api.ids("cost=gt.0%2E5")).containsExactly(s(dear));
  }

  @Test
  void tokens_comparePromptCompletionOrTotal() {
    UUID big = fixtures.run("llm").tokens(80, 40).insert();
    UUID small = fixtures.run("llm").tokens(5, 5).insert();

    assertThat(api.ids("tokens=total.gte.100")).containsExactly(s(big));
    assertThat(api.ids("tokens=prompt.lt.10")).containsExactly(s(small));
    assertThat(api.ids("tokens=completion.eq.40")).containsExactly(s(big));
  }

  @Test
  void messages_comparesAThreadsMessageCount() {
    UUID busy = fixtures.run("thread").insert();
    fixtures
        .run("chat")
        .parent(busy)
        .input("[{\"role\":\"user\",\"content\":\"a\"}]")
        .output("[{\"role\":\"assistant\",\"content\":\"b\"}]")
        .insert();
    fixtures.run("chat").parent(busy).input("[{\"role\":\"user\",\"content\":\"c\"}]").insert();
    UUID quiet = fixtures.run("thread").insert();
    fixtures.run("chat").parent(quiet).input("[{\"role\":\"user\",\"content\":\"d\"}]").insert();

    assertThat(api.ids("type=thread&messages=gte.3")).containsExactly(s(busy));
    assertThat(api.ids("type=thread&messages=lt.3")).containsExactly(s(quiet));
  }

  @Test
  void toolsAndRetrievers_matchNamesOfThatType() {
    UUID tool = fixtures.run("tool").name("web_search").insert();
    fixtures.run("llm").name("search-model").insert();
    UUID retriever = fixtures.run("retriever").name("Docs Retriever").insert();

    assertThat(api.ids("tools=search")).containsExactly(s(tool));
    assertThat(api.ids("retrievers=docs")).containsExactly(s(retriever));
  }

  @Test
  void customEvents_matchEventsWithTheListedNames() {
    UUID signup = fixtures.run("custom-event").name("signup").insert();
    fixtures.run("custom-event").name("logout").insert();
    fixtures.run("llm").name("signup").insert();

    assertThat(api.ids("custom-events=signup")).containsExactly(s(signup));
  }

  @Test
  void checks_areAndedByDefault_andOredWithTheOrPrefix() {
    UUID failedTagged = fixtures.run("llm").status("error").tags("x").insert();
    UUID failed = fixtures.run("llm").status("error").insert();
    UUID tagged = fixtures.run("llm").status("success").tags("x").insert();
    fixtures.run("llm").status("success").insert();

    assertThat(api.ids("status=error&tags=x")).containsExactly(s(failedTagged));
    assertThat(api.ids("OR&status=error&tags=x"))
        .containsExactlyInAnyOrder(s(failedTagged), s(failed), s(tagged));
    assertThat(api.get("/v1/runs/count?OR&status=error&tags=x").asString()).isEqualTo("3");
  }

  @Test
  void manyChecks_combineWithPagingAndSorting() {
    UUID a = fixtures.run("llm").name("m").status("success").cost(0.2).tokens(10, 10).insert();
    UUID b = fixtures.run("llm").name("m").status("success").cost(0.4).tokens(10, 10).insert();
    fixtures.run("llm").name("m").status("error").cost(0.9).insert();
    fixtures.run("llm").name("other").status("success").cost(0.9).insert();

    assertThat(
            api.ids(
                "type=llm&models=m&status=success&cost=gt.0%2E1&tokens=total.eq.20"
                    + "&sortField=cost&sortDirection=desc&limit=5"))
        .containsExactly(s(b), s(a));
  }

  @Test
  void unknownParameters_areIgnored_andEmptyPartsDropTheCheck() {
    UUID llm = fixtures.run("llm").insert();
    fixtures.run("agent").status("error").insert();

    assertThat(api.ids("foo=bar&startTime=1")).containsExactly(s(llm));
    assertThat(api.ids("cost=gt.")).containsExactly(s(llm));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cost|cost",
        "cost=gt.0.5|cost",
        "cost=gt|cost",
        "cost=more.1|cost",
        "cost=gt.cheap|cost",
        "date=gt.yesterday|date",
        "date=gt.%2B99999-01-01T00:00:00Z|date",
        "cost=gt.1e999999|cost",
        "users=ann|users",
        "templates=abc|templates",
        "feedback=up|feedback",
        "tokens=all.gt.1|tokens",
        "string=input.has.false.x|string",
        "toxicity=input.toxic|toxicity"
      })
  void malformedChecks_are422NamingTheCheck(String query, String field) {
    api.get("/v1/runs?" + query)
        .then()
        .statusCode(422)
        .body("details.field", equalTo(field))
        .body("message", containsString(field));
    api.get("/v1/runs/count?" + query).then().statusCode(422);
  }
}
