package dev.selene.server.pricing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsApiTest {
  private static final String VALID =
      """
      {"name": "acme-large", "pattern": "^acme-large(-\\\\d+)?$", "unit": "TOKENS",
       "inputCost": 1.5, "outputCost": 6, "cachedInputCost": 0.15, "tokenizer": "cl100k_base",
       "provider": "acme", "startDate": "2025-03-01"}
      """;

  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private RequestSpecification as(String key) {
    return given().baseUri(server.baseUrl()).header("Authorization", "Bearer " + key);
  }

  private JsonPath create(String key, String body) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/models")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private List<Map<String, Object>> list(String key) {
    return as(key).get("/v1/models").then().statusCode(200).extract().jsonPath().getList("$");
  }

  @Test
  void create_validBody_returnsRowOwnedByCallersOrg() {
    JsonPath row = create(project.privateKey(), VALID);
    assertThat(row.getString("id")).isNotBlank();
    assertThat(row.getString("name")).isEqualTo("acme-large");
    assertThat(row.getString("pattern")).isEqualTo("^acme-large(-\\d+)?$");
    assertThat(row.getString("unit")).isEqualTo("TOKENS");
    assertThat(row.getDouble("inputCost")).isEqualTo(1.5);
    assertThat(row.getDouble("outputCost")).isEqualTo(6.0);
    assertThat(row.getDouble("cachedInputCost")).isEqualTo(0.15);
    assertThat(row.getString("tokenizer")).isEqualTo("cl100k_base");
    assertThat(row.getString("provider")).isEqualTo("acme");
    assertThat(row.getString("startDate")).isEqualTo("2025-03-01T00:00:00.000Z");
    assertThat(row.getString("orgId")).isEqualTo(project.orgId().toString());
    assertThat(row.getString("createdAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(row.getString("updatedAt")).isEqualTo(row.getString("createdAt"));
    assertThat(row.getMap("$").keySet())
        .containsExactly(
            "id",
            "name",
            "pattern",
            "unit",
            "inputCost",
            "outputCost",
            "cachedInputCost",
            "tokenizer",
            "startDate",
            "createdAt",
            "updatedAt",
            "orgId",
            "provider");
  }

  @Test
  void create_minimalBody_defaultsOptionalFields() {
    JsonPath row =
        create(
            project.privateKey(),
            "{\"name\":\"m\",\"pattern\":\"^m$\",\"unit\":\"characters\",\"inputCost\":0,\"outputCost\":0}");
    assertThat(row.getString("unit")).isEqualTo("CHARACTERS");
    assertThat(row.getString("cachedInputCost")).isNull();
    assertThat(row.getString("tokenizer")).isNull();
    assertThat(row.getString("provider")).isNull();
    assertThat(row.getString("startDate")).isEqualTo("2020-01-01T00:00:00.000Z");
  }

  @Test
  void list_ownAndGlobalRows_newestChangeFirst() {
    String id = create(project.privateKey(), VALID).getString("id");
    List<Map<String, Object>> rows = list(project.privateKey());
    assertThat(rows.get(0).get("id")).isEqualTo(id);
    assertThat(rows)
        .anySatisfy(
            r -> {
              assertThat(r.get("name")).isEqualTo("gpt-4o-mini");
              assertThat(r.get("orgId")).isNull();
              assertThat(r.get("provider")).isEqualTo("openai");
            });
    List<Instant> updated =
        rows.stream().map(r -> Instant.parse((String) r.get("updatedAt"))).toList();
    for (int i = 1; i < updated.size(); i++) {
      assertThat(updated.get(i)).isBeforeOrEqualTo(updated.get(i - 1));
    }
  }

  @Test
  void list_otherOrgsRows_notVisible() {
    String id = create(project.privateKey(), VALID).getString("id");
    TestProject other = server.newProject();
    assertThat(list(other.privateKey())).noneSatisfy(r -> assertThat(r.get("id")).isEqualTo(id));
  }

  @Test
  void update_partialBody_changesOnlyGivenFields() throws Exception {
    JsonPath created = create(project.privateKey(), VALID);
    Thread.sleep(5); // updatedAt must move past createdAt
    JsonPath row =
        as(project.privateKey())
            .contentType(ContentType.JSON)
            .body("{\"outputCost\": 8, \"cachedInputCost\": null}")
            .patch("/v1/models/" + created.getString("id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(row.getDouble("outputCost")).isEqualTo(8.0);
    assertThat(row.getString("cachedInputCost")).isNull();
    assertThat(row.getDouble("inputCost")).isEqualTo(1.5);
    assertThat(row.getString("pattern")).isEqualTo("^acme-large(-\\d+)?$");
    assertThat(row.getString("startDate")).isEqualTo("2025-03-01T00:00:00.000Z");
    assertThat(row.getString("createdAt")).isEqualTo(created.getString("createdAt"));
    assertThat(Instant.parse(row.getString("updatedAt")))
        .isAfter(Instant.parse(created.getString("updatedAt")));
  }

  @Test
  void update_invalidPattern_422AndRowUnchanged() {
    String id = create(project.privateKey(), VALID).getString("id");
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body("{\"pattern\": \"^(acme\"}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(422)
        .body("details.field", equalTo("pattern"))
        .body("message", containsString("pattern"));
    assertThat(list(project.privateKey()))
        .anySatisfy(
            r -> {
              assertThat(r.get("id")).isEqualTo(id);
              assertThat(r.get("pattern")).isEqualTo("^acme-large(-\\d+)?$");
            });
  }

  @Test
  void update_globalRow_403ExplainingHowToOverride() {
    String globalId = globalRowId("gpt-4o-mini");
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body("{\"inputCost\": 0}")
        .patch("/v1/models/" + globalId)
        .then()
        .statusCode(403)
        .body("message", containsString("global"));
    as(project.privateKey()).delete("/v1/models/" + globalId).then().statusCode(403);
    assertThat(list(project.privateKey()))
        .anySatisfy(r -> assertThat(r.get("id")).isEqualTo(globalId));
  }

  @Test
  void updateAndDelete_otherOrgsRow_404AndRowKept() {
    String id = create(project.privateKey(), VALID).getString("id");
    TestProject other = server.newProject();
    as(other.privateKey())
        .contentType(ContentType.JSON)
        .body("{\"inputCost\": 0}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(404);
    as(other.privateKey()).delete("/v1/models/" + id).then().statusCode(404);
    assertThat(list(project.privateKey()))
        .anySatisfy(
            r -> {
              assertThat(r.get("id")).isEqualTo(id);
              assertThat(((Number) r.get("inputCost")).doubleValue()).isEqualTo(1.5);
            });
  }

  @Test
  void delete_ownRow_goneFromListAndFurtherChanges404() {
    String id = create(project.privateKey(), VALID).getString("id");
    as(project.privateKey()).delete("/v1/models/" + id).then().statusCode(200);
    assertThat(list(project.privateKey())).noneSatisfy(r -> assertThat(r.get("id")).isEqualTo(id));
    as(project.privateKey()).delete("/v1/models/" + id).then().statusCode(404);
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body("{\"inputCost\": 0}")
        .patch("/v1/models/" + id)
        .then()
        .statusCode(404);
  }

  @Test
  void update_unknownOrMalformedId_404() {
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body("{}")
        .patch("/v1/models/00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(404);
    as(project.privateKey()).delete("/v1/models/not-a-uuid").then().statusCode(404);
  }

  @Test
  void create_missingName_422NamingName() {
    assertInvalid(
        "{\"pattern\":\"^m$\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":1}", "name");
  }

  @Test
  void create_blankName_422NamingName() {
    assertInvalid(
        "{\"name\":\" \",\"pattern\":\"^m$\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":1}",
        "name");
  }

  @Test
  void create_negativePrice_422NamingTheField() {
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"^m$\",\"unit\":\"TOKENS\",\"inputCost\":-1,\"outputCost\":1}",
        "inputCost");
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"^m$\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":1,"
            + "\"cachedInputCost\":-0.5}",
        "cachedInputCost");
  }

  @Test
  void create_priceAsString_422NamingTheField() {
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"^m$\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":\"2\"}",
        "outputCost");
  }

  @Test
  void create_badUnit_422NamingUnit() {
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"^m$\",\"unit\":\"WORDS\",\"inputCost\":1,\"outputCost\":1}",
        "unit");
  }

  @Test
  void create_badRegex_422NamingPattern() {
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"gpt-(4\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":1}",
        "pattern");
  }

  @Test
  void create_badStartDate_422NamingStartDate() {
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"^m$\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":1,"
            + "\"startDate\":\"yesterday\"}",
        "startDate");
  }

  @Test
  void create_notAnObject_400() {
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body("[1,2]")
        .post("/v1/models")
        .then()
        .statusCode(400)
        .body("error", equalTo("Bad Request"));
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body("{oops")
        .post("/v1/models")
        .then()
        .statusCode(400);
  }

  @Test
  void publicKey_403OnReadAndWrite() {
    as(project.publicKey()).get("/v1/models").then().statusCode(403);
    as(project.publicKey())
        .contentType(ContentType.JSON)
        .body(VALID)
        .post("/v1/models")
        .then()
        .statusCode(403);
  }

  @Test
  void noKey_401() {
    given().baseUri(server.baseUrl()).get("/v1/models").then().statusCode(401);
  }

  @Test
  void invalidRequest_createsNothing() {
    int before = list(project.privateKey()).size();
    assertInvalid(
        "{\"name\":\"m\",\"pattern\":\"(\",\"unit\":\"TOKENS\",\"inputCost\":1,\"outputCost\":1}",
        "pattern");
    assertThat(list(project.privateKey())).hasSize(before);
  }

  private void assertInvalid(String body, String field) {
    as(project.privateKey())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/models")
        .then()
        .statusCode(422)
        .body("error", equalTo("Validation Error"))
        .body("details.field", equalTo(field))
        .body("message", containsString(field));
  }

  private String globalRowId(String name) {
    return list(project.privateKey()).stream()
        .filter(r -> name.equals(r.get("name")) && r.get("orgId") == null)
        .map(r -> (String) r.get("id"))
        .findFirst()
        .orElseThrow();
  }
}
