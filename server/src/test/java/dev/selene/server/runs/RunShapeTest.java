package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run JSON (the reference's formatRun) as lists and single reads show it. */
class RunShapeTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);

  private JsonNode only(String query) {
    JsonNode data = api.list(query).get("data");
    assertThat(data).hasSize(1);
    return data.get(0);
  }

  @Test
  void listItem_hasTheReferenceKeysInOrder_andColumnValues() {
    long user = fixtures.user("user-7", "{\"planTier\":\"pro\"}");
    UUID id =
        fixtures
            .run("llm")
            .name("gpt-4o")
            .createdAt("2025-01-01T10:00:00.000Z")
            .lasting(1250)
            .status("success")
            .tags("demo")
            .tokens(9, 3)
            .cachedPromptTokens(2)
            .cost(0.0000525)
            .input("[{\"role\":\"user\",\"content\":\"Hi\"}]")
            .output("{\"role\":\"assistant\",\"content\":\"Hello!\"}")
            .params("{\"temperature\":0.2,\"maxTokens\":50}")
            .metadata("{\"env\":\"prod\"}")
            .feedback("{\"thumb\":\"up\"}")
            .templateVersion(12)
            .user(user)
            .insert();
    fixtures.score(id, "accuracy", "0.9", "fine");

    JsonNode run = only("models=gpt-4o");

    assertThat(RunsApi.keys(run))
        .containsExactly(
            "id",
            "projectId",
            "isPublic",
            "feedback",
            "parentFeedback",
            "feedbacks",
            "type",
            "name",
            "createdAt",
            "endedAt",
            "duration",
            "templateVersionId",
            "templateSlug",
            "cost",
            "tokens",
            "tags",
            "input",
            "output",
            "error",
            "status",
            "params",
            "metadata",
            "user",
            "scores");
    assertThat(run.get("id").asText()).isEqualTo(id.toString());
    assertThat(run.get("projectId").asText()).isEqualTo(project.id().toString());
    assertThat(run.get("isPublic").asBoolean()).isFalse();
    assertThat(run.get("feedback").toString()).isEqualTo("{\"thumb\":\"up\"}");
    assertThat(run.get("parentFeedback").isNull()).isTrue();
    assertThat(run.get("createdAt").asText()).isEqualTo("2025-01-01T10:00:00.000Z");
    assertThat(run.get("endedAt").asText()).isEqualTo("2025-01-01T10:00:01.250Z");
    assertThat(run.get("duration").asText()).isEqualTo("00:00:01.25");
    assertThat(run.get("templateVersionId").asLong()).isEqualTo(12);
    assertThat(run.get("cost").asDouble()).isEqualTo(0.0000525);
    assertThat(run.get("tokens").toString())
        .isEqualTo("{\"prompt\":9,\"cachedPrompt\":2,\"completion\":3,\"total\":12}");
    assertThat(run.get("tags").toString()).isEqualTo("[\"demo\"]");
    assertThat(run.get("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
    assertThat(run.get("output").get("content").asText()).isEqualTo("Hello!");
    assertThat(run.get("error").isNull()).isTrue();
    assertThat(run.get("status").asText()).isEqualTo("success");
    assertThat(run.get("params").toString()).isEqualTo("{\"maxTokens\":50,\"temperature\":0.2}");
    assertThat(run.get("metadata").toString()).isEqualTo("{\"env\":\"prod\"}");
    JsonNode u = run.get("user");
    assertThat(RunsApi.keys(u))
        .containsExactly("id", "externalId", "createdAt", "lastSeen", "props");
    assertThat(u.get("id").asLong()).isEqualTo(user);
    assertThat(u.get("externalId").asText()).isEqualTo("user-7");
    assertThat(u.get("createdAt").asText()).isEqualTo("2025-02-01T00:00:00.000Z");
    assertThat(u.get("lastSeen").asText()).isEqualTo("2025-03-02T00:00:00.000Z");
    assertThat(u.get("props").toString()).isEqualTo("{\"planTier\":\"pro\"}");
    assertThat(run.get("scores").toString())
        .isEqualTo("[{\"label\":\"accuracy\",\"value\":0.9,\"comment\":\"fine\"}]");
  }

  @Test
  void listItem_missingValues_followTheReference() {
    fixtures.run("llm").name("bare").tokens(null, 4).insert();

    JsonNode run = only("models=bare");

    assertThat(run.get("user").isNull()).isTrue();
    assertThat(run.get("params").toString()).isEqualTo("{}");
    assertThat(run.get("cost").isNull()).isTrue();
    assertThat(run.get("duration").isNull()).isTrue();
    assertThat(run.get("endedAt").isNull()).isTrue();
    assertThat(run.get("tags").isNull()).isTrue();
    assertThat(run.get("scores").toString()).isEqualTo("[]");
    assertThat(run.get("tokens").toString())
        .isEqualTo("{\"prompt\":null,\"cachedPrompt\":0,\"completion\":4,\"total\":4}");
  }

  @Test
  void listItem_longDuration_isIntervalText() {
    fixtures.run("llm").name("slow").lasting(((24 + 2) * 3600 + 3 * 60 + 4) * 1000L).insert();

    assertThat(only("models=slow").get("duration").asText()).isEqualTo("1 day 02:03:04");
  }

  @Test
  void listItem_singleKeyInputAndOutputWrappers_areUnwrapped() {
    fixtures
        .run("chain")
        .name("wrapped")
        .input("{\"input\":\"What is up?\"}")
        .output("{\"output\":{\"answer\":42}}")
        .insert();
    fixtures.run("chain").name("two-keys").input("{\"input\":\"kept\",\"other\":1}").insert();

    JsonNode wrapped = only("type=chain&search=up");
    assertThat(wrapped.get("input").asText()).isEqualTo("What is up?");
    assertThat(wrapped.get("output").toString()).isEqualTo("{\"answer\":42}");
    assertThat(only("search=kept").get("input").toString())
        .isEqualTo("{\"input\":\"kept\",\"other\":1}");
  }

  @Test
  void listItem_toolsSentAsString_areParsed() {
    fixtures
        .run("llm")
        .name("litellm")
        .params("{\"tools\":\"[{\\\"type\\\":\\\"function\\\"}]\"}")
        .insert();

    assertThat(only("models=litellm").get("params").get("tools").toString())
        .isEqualTo("[{\"type\":\"function\"}]");
  }

  @Test
  void list_typeLlm_showsTheLastInputMessageAndCutsContents() {
    String longText = "x".repeat(150);
    fixtures
        .run("llm")
        .name("preview-model")
        .input(
            "[{\"role\":\"system\",\"content\":\"Be nice\"},{\"role\":\"user\",\"content\":\""
                + longText
                + "\"}]")
        .output("{\"role\":\"assistant\",\"content\":\"" + longText + "\"}")
        .insert();

    JsonNode preview = only("type=llm");
    assertThat(preview.get("input").get("role").asText()).isEqualTo("user");
    assertThat(preview.get("input").get("content").asText()).hasSize(100);
    assertThat(preview.get("output").get("content").asText()).hasSize(100);

    JsonNode full = only("models=preview-model");
    assertThat(full.get("input").isArray()).isTrue();
    assertThat(full.get("input").get(1).get("content").asText()).hasSize(150);
  }

  @Test
  void parentFeedback_comesFromTheNearestAncestorWithFeedback() {
    UUID thread = fixtures.run("thread").feedback("{\"thumb\":\"down\"}").insert();
    UUID chat = fixtures.run("chat").parent(thread).feedback("{\"thumb\":\"up\"}").insert();
    UUID agent = fixtures.run("agent").parent(chat).insert();
    fixtures.run("llm").parent(agent).name("child-model").insert();
    fixtures.run("llm").name("root-model").insert();

    assertThat(only("models=child-model").get("parentFeedback").toString())
        .isEqualTo("{\"thumb\":\"up\"}");
    assertThat(only("models=root-model").get("parentFeedback").isNull()).isTrue();
    assertThat(api.list("type=agent").get("data").get(0).get("parentFeedback").toString())
        .isEqualTo("{\"thumb\":\"up\"}");
  }

  @Test
  void threadRows_showTheirExchangesFeedbackFirstMessageAndCount() {
    UUID thread = fixtures.run("thread").input("{\"role\":\"user\",\"content\":\"last\"}").insert();
    fixtures
        .run("chat")
        .parent(thread)
        .input("[{\"role\":\"user\",\"content\":\"first question\"}]")
        .output("[{\"role\":\"assistant\",\"content\":\"first answer\"}]")
        .feedback("{\"thumb\":\"up\"}")
        .insert();
    fixtures
        .run("chat")
        .parent(thread)
        .input("[{\"role\":\"user\",\"content\":\"second\"}]")
        .output(
            "[{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"b\"}]")
        .feedback("{\"thumb\":\"down\",\"comment\":\"meh\"}")
        .insert();
    fixtures.run("thread").insert();

    JsonNode data = api.list("type=thread").get("data");
    JsonNode empty = data.get(0);
    JsonNode full = data.get(1);

    assertThat(RunsApi.keys(full)).endsWith("scores", "firstMessage", "messagesCount");
    assertThat(full.get("feedbacks").toString())
        .isEqualTo("[{\"thumb\":\"up\"},{\"thumb\":\"down\",\"comment\":\"meh\"}]");
    assertThat(full.get("firstMessage").toString())
        .isEqualTo("{\"role\":\"user\",\"content\":\"first question\"}");
    assertThat(full.get("messagesCount").asInt()).isEqualTo(5);
    assertThat(empty.get("feedbacks").isNull()).isTrue();
    assertThat(empty.get("firstMessage").isNull()).isTrue();
    assertThat(empty.get("messagesCount").asInt()).isZero();
  }

  @Test
  void singleRun_addsTraceAndParentIds() {
    UUID root = fixtures.run("agent").insert();
    UUID middle = fixtures.run("chain").parent(root).insert();
    UUID leaf = fixtures.run("llm").parent(middle).insert();

    JsonNode run =
        RunsApi.parse(api.get("/v1/runs/" + leaf).then().statusCode(200).extract().asString());

    assertThat(run.get("traceId").asText()).isEqualTo(root.toString());
    assertThat(run.get("parentRunId").asText()).isEqualTo(middle.toString());
    assertThat(RunsApi.keys(run)).containsSubsequence("user", "traceId", "parentRunId", "scores");
    JsonNode rootRun = RunsApi.parse(api.get("/v1/runs/" + root).asString());
    assertThat(rootRun.get("traceId").isNull()).isTrue();
    assertThat(rootRun.get("parentRunId").isNull()).isTrue();
  }

  @Test
  void singleRun_parentNotYetArrived_tracesToTheMissingParent() {
    UUID missing = UUID.randomUUID();
    UUID child = fixtures.run("llm").parent(missing).insert();

    JsonNode run = RunsApi.parse(api.get("/v1/runs/" + child).asString());

    assertThat(run.get("traceId").asText()).isEqualTo(missing.toString());
  }
}
