package dev.selene.server.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProviderConfigsTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();

  private RequestSpecification priv() {
    return PlaygroundTestSupport.priv(server.baseUrl(), project);
  }

  @Test
  void patch_upsertsWithClientIdMasksTheKeyAndStoresItEncrypted() throws Exception {
    String id = UUID.randomUUID().toString();
    priv()
        .body(
            Map.of(
                "providerName",
                "azure_openai",
                "apiKey",
                "az-key-1234567890-wxyz",
                "extraConfig",
                Map.of("resourceName", "acme-east"),
                "models",
                List.of("gpt-4o-prod")))
        .patch("/v1/provider-configs/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("providerName", equalTo("azure_openai"))
        .body("apiKey", equalTo("****wxyz"))
        .body("extraConfig.resourceName", equalTo("acme-east"))
        .body("models", equalTo(List.of("gpt-4o-prod")));

    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement("select api_key from provider_config where id = ?")) {
      ps.setObject(1, UUID.fromString(id));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("v1:").doesNotContain("az-key");
      }
    }

    // Saving again with the masked key keeps it; models are only ever added.
    priv()
        .body(
            Map.of(
                "providerName",
                "azure_openai",
                "apiKey",
                "****wxyz",
                "extraConfig",
                Map.of("resourceName", "acme-west"),
                "models",
                List.of("gpt-4o-mini-prod")))
        .patch("/v1/provider-configs/" + id)
        .then()
        .statusCode(200)
        .body("apiKey", equalTo("****wxyz"))
        .body("extraConfig.resourceName", equalTo("acme-west"))
        .body("models", equalTo(List.of("gpt-4o-prod", "gpt-4o-mini-prod")));
  }

  @Test
  void listGetModelsAndDelete() {
    String id =
        PlaygroundTestSupport.providerConfig(
            server.baseUrl(),
            project,
            "openai_compatible",
            "http://127.0.0.1:9/v1",
            List.of("local-llm"));
    priv()
        .get("/v1/provider-configs")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].providerName", equalTo("openai_compatible"));
    priv()
        .get("/v1/provider-configs/" + id)
        .then()
        .statusCode(200)
        .body("extraConfig.baseUrl", equalTo("http://127.0.0.1:9/v1"));
    priv()
        .get("/v1/provider-configs/models")
        .then()
        .statusCode(200)
        .body("[0].name", equalTo("local-llm"))
        .body("[0].providerConfigId", equalTo(id))
        .body("[0].provider", equalTo("openai_compatible"))
        .body("[0].isCustom", equalTo(true));
    priv().delete("/v1/provider-configs/" + id).then().statusCode(204);
    priv().get("/v1/provider-configs/" + id).then().statusCode(404);
  }

  @Test
  void configOfAnotherProject_cannotBeReadOrOverwritten() {
    String id =
        PlaygroundTestSupport.providerConfig(
            server.baseUrl(), project, "openai", "http://127.0.0.1:9/v1", List.of());
    TestProject other = server.newProject();
    RequestSpecification asOther = PlaygroundTestSupport.priv(server.baseUrl(), other);
    asOther.get("/v1/provider-configs/" + id).then().statusCode(404);
    asOther
        .body(Map.of("providerName", "openai", "apiKey", "stolen"))
        .patch("/v1/provider-configs/" + id)
        .then()
        .statusCode(404);
    priv().get("/v1/provider-configs/" + id).then().body("apiKey", equalTo("****6789"));
  }

  @Test
  void invalidInput_returns422NamingTheField() {
    priv()
        .body(Map.of("providerName", "amazon_bedrock", "apiKey", "k"))
        .post("/v1/provider-configs")
        .then()
        .statusCode(422)
        .body("message", containsString("not supported"));
    priv()
        .body(Map.of("providerName", "nope", "apiKey", "k"))
        .post("/v1/provider-configs")
        .then()
        .statusCode(422)
        .body("message", containsString("providerName"));
    priv()
        .body(Map.of("providerName", "openai"))
        .post("/v1/provider-configs")
        .then()
        .statusCode(422)
        .body("message", containsString("apiKey"));
    priv()
        .body(Map.of("providerName", "openai_compatible"))
        .post("/v1/provider-configs")
        .then()
        .statusCode(422)
        .body("message", containsString("extraConfig.baseUrl"));
    priv()
        .body(Map.of("providerName", "azure_openai", "apiKey", "k"))
        .post("/v1/provider-configs")
        .then()
        .statusCode(422)
        .body("message", containsString("extraConfig.resourceName"));
    priv()
        .body(Map.of("providerName", "ollama", "models", List.of(1)))
        .post("/v1/provider-configs")
        .then()
        .statusCode(422)
        .body("message", containsString("models[0]"));
  }

  @Test
  void keylessLocalProvider_hasNoKey() {
    priv()
        .body(
            Map.of(
                "providerName",
                "ollama",
                "extraConfig",
                Map.of("baseUrl", "http://127.0.0.1:11434")))
        .post("/v1/provider-configs")
        .then()
        .statusCode(201)
        .body("apiKey", nullValue());
  }
}
