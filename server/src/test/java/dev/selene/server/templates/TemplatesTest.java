package dev.selene.server.templates;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private RequestSpecification as(String key) {
    return given().baseUri(server.baseUrl()).header("Authorization", "Bearer " + key);
  }

  private RequestSpecification priv() {
    return as(project.privateKey()).contentType(ContentType.JSON);
  }

  static Map<String, Object> chatTemplate(String slug, boolean draft) {
    return Map.of(
        "slug",
        slug,
        "mode",
        "openai",
        "content",
        List.of(
            Map.of("role", "system", "content", "You are {{persona}}."),
            Map.of("role", "user", "content", "Hello, my name is {{name}}")),
        "extra",
        Map.of("model", "gpt-4o-mini", "temperature", 0.3, "maxTokens", 100, "stop", List.of("x")),
        "testValues",
        Map.of("persona", "a pirate", "name", "Ann"),
        "isDraft",
        draft,
        "notes",
        "first");
  }

  private JsonPath create(Map<String, Object> body) {
    return priv().body(body).post("/v1/templates").then().statusCode(200).extract().jsonPath();
  }

  private JsonPath pushVersion(long templateId, Map<String, Object> body) {
    return priv()
        .body(body)
        .post("/v1/templates/" + templateId + "/versions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> version(String text, boolean draft) {
    return Map.of(
        "content",
        List.of(Map.of("role", "user", "content", text)),
        "extra",
        Map.of("model", "gpt-4o"),
        "isDraft",
        draft);
  }

  private JsonPath latest(String key, String slug) {
    return as(key)
        .queryParam("slug", slug)
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void create_chatTemplate_returnsTemplateWithFirstVersionAndSnakeCaseExtra() {
    priv()
        .body(chatTemplate("support", false))
        .post("/v1/templates")
        .then()
        .statusCode(200)
        .body("id", notNullValue())
        .body("slug", equalTo("support"))
        .body("mode", equalTo("openai"))
        .body("projectId", equalTo(project.id().toString()))
        .body("ownerId", nullValue())
        .body("createdAt", org.hamcrest.Matchers.matchesPattern("\\d{4}-.*T.*\\.\\d{3}Z"))
        .body("versions", hasSize(1))
        .body("versions[0].version", equalTo(1))
        .body("versions[0].isDraft", equalTo(false))
        .body("versions[0].publishedAt", notNullValue())
        .body("versions[0].notes", equalTo("first"))
        .body("versions[0].content[1].content", equalTo("Hello, my name is {{name}}"))
        .body("versions[0].extra.max_tokens", equalTo(100))
        .body("versions[0].extra.maxTokens", nullValue())
        .body("versions[0].extra.stop", nullValue())
        .body("versions[0].testValues.persona", equalTo("a pirate"))
        .body("versions[0].createdBy.kind", equalTo("private"));
  }

  @Test
  void latest_withPublicKey_returnsSdkShapeWithVersionIdAsString() {
    JsonPath created = create(chatTemplate("sdk-shape", false));
    long versionId = created.getLong("versions[0].id");

    as(project.publicKey())
        .queryParam("slug", "sdk-shape")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("id", equalTo(Long.toString(versionId)))
        .body("slug", equalTo("sdk-shape"))
        .body("content[0].role", equalTo("system"))
        .body("content[0].content", equalTo("You are {{persona}}."))
        .body("extra.model", equalTo("gpt-4o-mini"))
        .body("extra.temperature", equalTo(0.3f))
        .body("extra.max_tokens", equalTo(100))
        .body("created_at", notNullValue())
        .body("createdAt", nullValue())
        .body("version", equalTo(1));
  }

  @Test
  void latest_dashedPathAndXApiKey_servesTheSameVersion() {
    create(chatTemplate("dashed", false));
    given()
        .baseUri(server.baseUrl())
        .header("X-API-Key", project.publicKey())
        .queryParam("slug", "dashed")
        .get("/v1/template-versions/latest")
        .then()
        .statusCode(200)
        .body("slug", equalTo("dashed"));
  }

  @Test
  void latest_unknownSlug_returns404WithTheMessageSdksShow() {
    as(project.publicKey())
        .queryParam("slug", "missing")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(404)
        .body("message", equalTo("Template not found, is the project ID correct?"));
  }

  @Test
  void latest_withoutSlug_returns422NamingSlug() {
    as(project.publicKey())
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(422)
        .body("message", containsString("slug"));
  }

  @Test
  void latest_withoutKey_returns401() {
    given()
        .baseUri(server.baseUrl())
        .queryParam("slug", "x")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(401);
  }

  @Test
  void latest_templateOfAnotherProject_returns404() {
    create(chatTemplate("private-to-a", false));
    TestProject other = server.newProject();
    as(other.publicKey())
        .queryParam("slug", "private-to-a")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(404);
  }

  @Test
  void latest_onlyDrafts_returns404() {
    create(chatTemplate("draft-only", true));
    as(project.publicKey())
        .queryParam("slug", "draft-only")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(404);
  }

  @Test
  void latest_newerDraft_keepsServingThePublishedVersion() {
    long templateId = create(chatTemplate("draft-after", false)).getLong("id");
    JsonPath draft = pushVersion(templateId, version("draft text", true));
    assertThat(draft.getInt("version")).isEqualTo(2);
    assertThat(draft.getBoolean("isDraft")).isTrue();
    assertThat(draft.getString("publishedAt")).isNull();

    assertThat(latest(project.publicKey(), "draft-after").getInt("version")).isEqualTo(1);
  }

  @Test
  void latest_afterPublishingADraft_servesItImmediately() {
    long templateId = create(chatTemplate("publish-me", false)).getLong("id");
    assertThat(latest(project.publicKey(), "publish-me").getInt("version")).isEqualTo(1);
    long draftId = pushVersion(templateId, version("new text", true)).getLong("id");
    assertThat(latest(project.publicKey(), "publish-me").getInt("version")).isEqualTo(1);

    priv()
        .body(Map.of("isDraft", false))
        .patch("/v1/template-versions/" + draftId)
        .then()
        .statusCode(200)
        .body("isDraft", equalTo(false))
        .body("publishedAt", notNullValue())
        .body("publishedBy.kind", equalTo("private"))
        .body("content[0].content", equalTo("new text"));

    JsonPath served = latest(project.publicKey(), "publish-me");
    assertThat(served.getString("id")).isEqualTo(Long.toString(draftId));
    assertThat(served.getString("content[0].content")).isEqualTo("new text");
  }

  @Test
  void latest_olderDraftPublishedAfterANewerVersion_becomesTheServedVersion() {
    long templateId = create(chatTemplate("rollout", false)).getLong("id");
    long v2 = pushVersion(templateId, version("v2", true)).getLong("id");
    pushVersion(templateId, version("v3", false));
    assertThat(latest(project.privateKey(), "rollout").getInt("version")).isEqualTo(3);

    priv()
        .body(Map.of("isDraft", false))
        .patch("/v1/template_versions/" + v2)
        .then()
        .statusCode(200);

    assertThat(latest(project.privateKey(), "rollout").getInt("version")).isEqualTo(2);
  }

  @Test
  void updateVersion_notesOfAnOldPublishedVersion_doesNotMakeItLiveAgain() {
    JsonPath created = create(chatTemplate("notes-edit", false));
    long templateId = created.getLong("id");
    long v1 = created.getLong("versions[0].id");
    pushVersion(templateId, version("v2", false));

    priv()
        .body(Map.of("notes", "annotated", "isDraft", false))
        .patch("/v1/template-versions/" + v1)
        .then()
        .statusCode(200)
        .body("notes", equalTo("annotated"));

    assertThat(latest(project.publicKey(), "notes-edit").getInt("version")).isEqualTo(2);
  }

  @Test
  void updateVersion_backToDraft_servesThePreviousPublishedVersion() {
    long templateId = create(chatTemplate("unpublish", false)).getLong("id");
    long v2 = pushVersion(templateId, version("v2", false)).getLong("id");
    assertThat(latest(project.publicKey(), "unpublish").getInt("version")).isEqualTo(2);

    priv()
        .body(Map.of("isDraft", true))
        .patch("/v1/template-versions/" + v2)
        .then()
        .statusCode(200)
        .body("publishedAt", nullValue());

    assertThat(latest(project.publicKey(), "unpublish").getInt("version")).isEqualTo(1);
  }

  @Test
  void updateVersion_contentAndCamelCaseExtra_storedSnakeCase() {
    long v1 = create(chatTemplate("edit-content", false)).getLong("versions[0].id");
    priv()
        .body(
            Map.of(
                "content",
                List.of(Map.of("role", "user", "content", "edited {{x}}")),
                "extra",
                Map.of("model", Map.of("name", "gpt-4.1", "provider", "openai"), "topP", 0.5),
                "testValues",
                Map.of("x", "1")))
        .patch("/v1/template-versions/" + v1)
        .then()
        .statusCode(200)
        .body("content[0].content", equalTo("edited {{x}}"))
        .body("extra.model", equalTo("gpt-4.1"))
        .body("extra.top_p", equalTo(0.5f))
        .body("testValues.x", equalTo("1"));
    assertThat(latest(project.publicKey(), "edit-content").getString("content[0].content"))
        .isEqualTo("edited {{x}}");
  }

  @Test
  void pushVersion_numbersFollowOnePerTemplateDraftsIncluded() {
    long a = create(chatTemplate("numbers-a", false)).getLong("id");
    long b = create(chatTemplate("numbers-b", false)).getLong("id");
    assertThat(pushVersion(a, version("2", true)).getInt("version")).isEqualTo(2);
    assertThat(pushVersion(a, version("3", false)).getInt("version")).isEqualTo(3);
    assertThat(pushVersion(b, version("2", false)).getInt("version")).isEqualTo(2);
  }

  @Test
  void pushVersion_concurrentPushes_getDistinctConsecutiveNumbers() throws Exception {
    long id = create(chatTemplate("concurrent", false)).getLong("id");
    List<Integer> numbers =
        java.util.stream.IntStream.range(0, 8)
            .parallel()
            .mapToObj(i -> pushVersion(id, version("v" + i, false)).getInt("version"))
            .sorted()
            .toList();
    assertThat(numbers).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void pushVersion_unknownTemplate_returns404() {
    priv()
        .body(version("x", false))
        .post("/v1/templates/999999999/versions")
        .then()
        .statusCode(404)
        .body("message", equalTo("Template not found"));
  }

  @Test
  void pushVersion_withoutContent_returns422NamingContent() {
    long id = create(chatTemplate("no-content", false)).getLong("id");
    priv()
        .body(Map.of("isDraft", false))
        .post("/v1/templates/" + id + "/versions")
        .then()
        .statusCode(422)
        .body("message", containsString("content"));
  }

  @Test
  void create_textTemplate_servesContentAsString() {
    create(
        Map.of(
            "slug",
            "text-tpl",
            "mode",
            "text",
            "content",
            "Write a poem about the sea for {{name}}",
            "isDraft",
            false));
    JsonPath served = latest(project.publicKey(), "text-tpl");
    assertThat(served.getString("content")).isEqualTo("Write a poem about the sea for {{name}}");
    assertThat(served.getMap("extra")).isEmpty();
  }

  @Test
  void create_duplicateSlug_returns409() {
    create(chatTemplate("twice", false));
    priv()
        .body(chatTemplate("twice", false))
        .post("/v1/templates")
        .then()
        .statusCode(409)
        .body("message", containsString("twice"));
  }

  @Test
  void create_invalidInput_returns422NamingTheField() {
    priv()
        .body(Map.of("slug", "bad-mode", "mode", "chat", "content", List.of()))
        .post("/v1/templates")
        .then()
        .statusCode(422)
        .body("message", containsString("mode"));
    priv()
        .body(Map.of("mode", "openai", "content", List.of()))
        .post("/v1/templates")
        .then()
        .statusCode(422)
        .body("message", containsString("slug"));
    priv()
        .body(Map.of("slug", "bad-msg", "content", List.of(Map.of("content", "no role"))))
        .post("/v1/templates")
        .then()
        .statusCode(422)
        .body("message", containsString("content[0]"));
    priv()
        .body(Map.of("slug", "bad-extra", "content", "x", "extra", List.of(1)))
        .post("/v1/templates")
        .then()
        .statusCode(422)
        .body("message", containsString("extra"));
  }

  @Test
  void create_bodyNotJson_returns400() {
    priv().body("{not json").post("/v1/templates").then().statusCode(400);
  }

  @Test
  void create_withPublicKey_returns403() {
    as(project.publicKey())
        .contentType(ContentType.JSON)
        .body(chatTemplate("nope", false))
        .post("/v1/templates")
        .then()
        .statusCode(403);
  }

  @Test
  void list_returnsProjectTemplatesNewestFirstWithVersions() {
    long first = create(chatTemplate("list-a", false)).getLong("id");
    pushVersion(first, version("2", true));
    create(chatTemplate("list-b", true));
    server.newProject(); // another project's templates never appear

    JsonPath list = priv().get("/v1/templates").then().statusCode(200).extract().jsonPath();
    assertThat(list.getList("slug")).containsExactly("list-b", "list-a");
    assertThat(list.getList("[1].versions.version")).containsExactly(2, 1);
    assertThat(list.getList("[0].versions")).hasSize(1);
  }

  @Test
  void templatesLatest_returnsTheServedVersionOfEachTemplate() {
    long a = create(chatTemplate("live-a", false)).getLong("id");
    pushVersion(a, version("a2", false));
    pushVersion(a, version("a3 draft", true));
    create(chatTemplate("live-b", true));

    priv()
        .get("/v1/templates/latest")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].slug", equalTo("live-a"))
        .body("[0].version", equalTo(2))
        .body("[0].content[0].content", equalTo("a2"))
        .body("[0].createdAt", notNullValue());
  }

  @Test
  void get_returnsTemplateWithVersionsNewestNumberFirst() {
    long id = create(chatTemplate("get-me", false)).getLong("id");
    pushVersion(id, version("2", false));
    priv()
        .get("/v1/templates/" + id)
        .then()
        .statusCode(200)
        .body("slug", equalTo("get-me"))
        .body("versions.version", equalTo(List.of(2, 1)));
  }

  @Test
  void get_unknownOrForeignOrNonNumericId_returns404() {
    long id = create(chatTemplate("foreign", false)).getLong("id");
    TestProject other = server.newProject();
    as(other.privateKey()).get("/v1/templates/" + id).then().statusCode(404);
    priv().get("/v1/templates/abc").then().statusCode(404);
    as(other.privateKey())
        .contentType(ContentType.JSON)
        .body(version("x", false))
        .post("/v1/templates/" + id + "/versions")
        .then()
        .statusCode(404);
  }

  @Test
  void update_slugAndMode_oldSlugNoLongerServed() {
    long id = create(chatTemplate("old-slug", false)).getLong("id");
    assertThat(latest(project.publicKey(), "old-slug").getInt("version")).isEqualTo(1);

    priv()
        .body(Map.of("slug", "new-slug", "mode", "text"))
        .patch("/v1/templates/" + id)
        .then()
        .statusCode(200)
        .body("slug", equalTo("new-slug"))
        .body("mode", equalTo("text"))
        .body("versions", hasSize(1));

    as(project.publicKey())
        .queryParam("slug", "old-slug")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(404);
    assertThat(latest(project.publicKey(), "new-slug").getInt("version")).isEqualTo(1);
  }

  @Test
  void update_slugOfAnotherTemplate_returns409() {
    create(chatTemplate("taken", false));
    long id = create(chatTemplate("mine", false)).getLong("id");
    priv().body(Map.of("slug", "taken")).patch("/v1/templates/" + id).then().statusCode(409);
  }

  @Test
  void delete_removesTemplateAndStopsServingIt() {
    long id = create(chatTemplate("delete-me", false)).getLong("id");
    latest(project.publicKey(), "delete-me");

    priv().delete("/v1/templates/" + id).then().statusCode(204);

    priv().get("/v1/templates/" + id).then().statusCode(404);
    as(project.publicKey())
        .queryParam("slug", "delete-me")
        .get("/v1/template_versions/latest")
        .then()
        .statusCode(404);
    priv().delete("/v1/templates/" + id).then().statusCode(404);
  }

  @Test
  void templateVersion_get_includesItsTemplate() {
    JsonPath created = create(chatTemplate("with-parent", false));
    long versionId = created.getLong("versions[0].id");
    priv()
        .get("/v1/template-versions/" + versionId)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) versionId))
        .body("templateId", equalTo(created.getInt("id")))
        .body("template.slug", equalTo("with-parent"))
        .body("template.mode", equalTo("openai"));
    as(server.newProject().privateKey())
        .get("/v1/template-versions/" + versionId)
        .then()
        .statusCode(404);
  }

  @Test
  void prompts_listAndVersions_newestFirstWithNumbers() {
    long id = create(chatTemplate("prompt-api", false)).getLong("id");
    pushVersion(id, version("2", true));
    priv()
        .get("/v1/prompts")
        .then()
        .statusCode(200)
        .body("[0].slug", equalTo("prompt-api"))
        .body("[0].versions", nullValue());
    priv()
        .get("/v1/prompts/" + id + "/versions")
        .then()
        .statusCode(200)
        .body("version", equalTo(List.of(2, 1)))
        .body("[0].extra.model", equalTo("gpt-4o"));
  }

  @Test
  void legacyRoute_appIdInQuery_servesLatest() {
    create(chatTemplate("legacy", false));
    given()
        .baseUri(server.baseUrl())
        .queryParam("slug", "legacy")
        .queryParam("app_id", project.publicKey())
        .get("/api/v1/template")
        .then()
        .statusCode(200)
        .body("slug", equalTo("legacy"));
    given()
        .baseUri(server.baseUrl())
        .queryParam("slug", "legacy")
        .queryParam("app_id", "not-a-key")
        .get("/api/v1/template")
        .then()
        .statusCode(401);
  }
}
