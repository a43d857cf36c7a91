package dev.selene.server.playground;

import static dev.selene.server.playground.PlaygroundTestSupport.json;
import static dev.selene.server.playground.PlaygroundTestSupport.playgroundRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Running prompts against custom endpoints: Selene's own test endpoints (with each auth type) and a
 * local RAG-style service reading {@code content} and {@code variables} as the docs' example.
 */
class CustomEndpointRunTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final FakeUpstream rag = new FakeUpstream();

  @AfterEach
  void stop() {
    rag.close();
  }

  private RequestSpecification priv() {
    return PlaygroundTestSupport.priv(server.baseUrl(), project);
  }

  private String endpoint(String name, String url, Map<String, Object> auth) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("url", url);
    body.put("auth", auth);
    body.put("headers", Map.of("X-Tenant", "acme"));
    body.put("defaultPayload", Map.of("tenant", "acme", "variables", "overridden"));
    return priv()
        .body(body)
        .post("/v1/playground-endpoints")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static Map<String, Object> prompt(String endpointId) {
    return Map.of(
        "endpointId",
        endpointId,
        "content",
        List.of(
            Map.of("role", "system", "content", "Answer about {{city}}"),
            Map.of("role", "user", "content", "Weather in {{city}}?")),
        "extra",
        Map.of("model", "gpt-4o", "temperature", 0.2, "max_tokens", 300),
        "variables",
        Map.of("city", "Paris"));
  }

  @Test
  void ownTestEndpoint_bearerAuth_receivesTheDocumentedPayload() {
    String id =
        endpoint(
            "Selene auth test",
            server.baseUrl() + "/v1/test-endpoint/auth",
            Map.of("type", "bearer", "token", "tok-123"));

    priv()
        .body(prompt(id))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("provider", equalTo("custom-endpoint"))
        .body("endpointId", equalTo(id))
        .body("format", equalTo("json"))
        .body("response.authType", equalTo("bearer"))
        .body("response.echo.tenant", equalTo("acme"))
        .body("response.echo.variables.city", equalTo("Paris"))
        .body("response.echo.messages[1].content", equalTo("Weather in Paris?"))
        .body("response.echo.content[0].content", equalTo("Answer about Paris"))
        .body("response.echo.model_params.model", equalTo("gpt-4o"))
        .body("response.echo.extra.max_tokens", equalTo(300))
        .body("message.role", equalTo("assistant"))
        .body("message.content", containsString("Authentication successful"));
  }

  @Test
  void ownTestEndpoint_basicAndApiKeyAuth_areSentAsConfigured() {
    String basic =
        endpoint(
            "basic",
            server.baseUrl() + "/v1/test-endpoint/auth",
            Map.of("type", "basic", "username", "ann", "password", "pw"));
    String apiKey =
        endpoint(
            "api key",
            server.baseUrl() + "/v1/test-endpoint/auth",
            Map.of("type", "api_key", "header", "X-API-Key", "key", "k-1"));
    priv()
        .body(prompt(basic))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("response.authType", equalTo("basic"));
    priv()
        .body(prompt(apiKey))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("response.authType", equalTo("api_key"));
  }

  @Test
  void ownTestEndpoint_withoutAuth_failsWith502NamingTheEndpoint() {
    String id = endpoint("no auth", server.baseUrl() + "/v1/test-endpoint/auth", null);
    priv()
        .body(prompt(id))
        .post("/v1/playground")
        .then()
        .statusCode(502)
        .body(
            "message",
            equalTo(
                "Custom endpoint 'no auth' refused the credentials (HTTP 401): Missing or invalid authentication"));
  }

  @Test
  void ragEndpoint_contentAnswer_isTheAssistantMessageAndTheRunIsRecorded() throws Exception {
    rag.on(
        "/api/rag-chat",
        FakeUpstream.json(200, "{\"content\":\"Sunny in Paris, 24°C\",\"sources\":[\"doc-1\"]}"));
    String id =
        endpoint(
            "RAG",
            rag.url() + "/api/rag-chat",
            Map.of("type", "api_key", "header", "X-Service-Key", "key", "s3cr3t"));

    priv()
        .body(prompt(id))
        .post("/v1/playground-endpoints/" + id + "/run")
        .then()
        .statusCode(200)
        .body("format", equalTo("text"))
        .body("message.content", equalTo("Sunny in Paris, 24°C"))
        .body("response.sources[0]", equalTo("doc-1"));

    FakeUpstream.Recorded sent = rag.last();
    assertThat(sent.header("X-Service-Key")).isEqualTo("s3cr3t");
    assertThat(sent.header("X-Tenant")).isEqualTo("acme");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    JsonNode content = sent.body().path("content");
    assertThat(content.get(content.size() - 1).path("content").asText())
        .isEqualTo("Weather in Paris?");
    assertThat(sent.body().path("variables").path("city").asText()).isEqualTo("Paris");
    assertThat(sent.body().path("tenant").asText()).isEqualTo("acme");

    Map<String, Object> run = playgroundRuns(server.db(), project.id()).get(0);
    assertThat(run.get("status")).isEqualTo("success");
    assertThat(json(run.get("output")).path("content").asText()).isEqualTo("Sunny in Paris, 24°C");
    assertThat(json(run.get("metadata")).path("endpointId").asText()).isEqualTo(id);
  }

  @Test
  void endpointAnsweringMessages_showsTheLastAssistantMessage() {
    rag.on(
        "/agent",
        FakeUpstream.json(
            200,
            "[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"first\"},"
                + "{\"role\":\"tool\",\"content\":\"x\",\"tool_call_id\":\"t\"},{\"role\":\"assistant\",\"content\":\"final\"}]"));
    String id = endpoint("agent", rag.url() + "/agent", null);
    priv()
        .body(prompt(id))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("format", equalTo("messages"))
        .body("message.content", equalTo("final"));
  }

  @Test
  void endpointAnsweringText_isTakenAsIs() {
    rag.on(
        "/plain",
        ex -> {
          byte[] b = "just text".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/plain");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
        });
    String id = endpoint("plain", rag.url() + "/plain", null);
    priv()
        .body(prompt(id))
        .post("/v1/playground")
        .then()
        .statusCode(200)
        .body("format", equalTo("text"))
        .body("message.content", equalTo("just text"));
  }

  @Test
  void endpointFailing_returns502AndRecordsTheError() throws Exception {
    rag.on("/broken", FakeUpstream.json(500, "{\"detail\":\"vector store down\"}"));
    String id = endpoint("RAG", rag.url() + "/broken", null);
    priv()
        .body(prompt(id))
        .post("/v1/playground")
        .then()
        .statusCode(502)
        .body("message", equalTo("Custom endpoint 'RAG' failed (HTTP 500): vector store down"));
    assertThat(playgroundRuns(server.db(), project.id()).get(0).get("status")).isEqualTo("error");
  }

  @Test
  void unknownEndpoint_returns404() {
    priv()
        .body(prompt(java.util.UUID.randomUUID().toString()))
        .post("/v1/playground")
        .then()
        .statusCode(404)
        .body("message", equalTo("Endpoint not found"));
  }
}
