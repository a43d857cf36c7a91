package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.sdk.testing.StoredRuns;
import dev.selene.sdk.testing.TlsProxy;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The configuration options of the other SDKs against the real server: the older key names, the
 * error hook, and TLS with a self-signed certificate (Python's {@code DISABLE_SSL_VERIFY}).
 */
class ConfigEndToEndTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final StoredRuns stored = new StoredRuns(server, project);
  private final List<SeleneException> reported = new CopyOnWriteArrayList<>();

  private SeleneConfig.Builder base(String url) {
    return SeleneConfig.builder()
        .apiUrl(url)
        .shutdownHook(false)
        .maxRetries(0)
        .errorHandler(reported::add);
  }

  private static String trackOneTool(Selene selene) {
    String id = selene.tool("get-weather", "Paris", run -> run.id());
    assertThat(selene.flush(Duration.ofSeconds(20))).isTrue();
    return id;
  }

  @Test
  void fromEnvironment_appIdVariable_tracksIntoTheProject() {
    SeleneConfig config =
        SeleneConfig.builder()
            .environment(
                Map.of("LUNARY_API_URL", server.baseUrl(), "LUNARY_APP_ID", project.publicKey()))
            .shutdownHook(false)
            .build();
    String id;
    try (Selene selene = Selene.create(config)) {
      id = trackOneTool(selene);
      assertThat(selene.stats().sent()).isEqualTo(2);
    }
    assertThat(stored.run(id).get("name").asText()).isEqualTo("get-weather");
  }

  @Test
  void appId_builderAlias_tracksIntoTheProject() {
    String id;
    try (Selene selene = Selene.create(base(server.baseUrl()).appId(project.publicKey()).build())) {
      id = trackOneTool(selene);
    }
    assertThat(stored.run(id)).isNotNull();
    assertThat(reported).isEmpty();
  }

  @Test
  void errorHandler_keyRefused_toldWithTheStatusAndNothingStored() {
    String id;
    try (Selene selene = Selene.create(base(server.baseUrl()).publicKey("pk-not-a-key").build())) {
      id = trackOneTool(selene);
      assertThat(selene.stats().failed()).isEqualTo(2);
    }
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).status()).isEqualTo(401);
    assertThat(reported.get(0).getMessage()).startsWith("The server refused 2 events (HTTP 401");
    assertThat(stored.run(id)).isNull();
  }

  @Test
  void sslVerifyOff_selfSignedCertificate_eventsStoredAndTemplatesFetched() {
    given_aTemplate("tls-prompt");
    try (TlsProxy tls = TlsProxy.to(server.baseUrl());
        Selene selene =
            Selene.create(
                base(tls.url()).publicKey(project.publicKey()).sslVerify(false).build())) {
      String id = trackOneTool(selene);
      assertThat(selene.stats().sent()).isEqualTo(2);
      JsonNode run = stored.run(id);
      assertThat(run.get("output").asText()).isEqualTo(id);
      assertThat(selene.renderTemplate("tls-prompt", Map.of("name", "Ann")).text())
          .isEqualTo("Hello Ann");
    }
    assertThat(reported).isEmpty();
  }

  @Test
  void disableSslVerifyVariable_selfSignedCertificate_eventsStored() {
    try (TlsProxy tls = TlsProxy.to(server.baseUrl())) {
      SeleneConfig config =
          base(tls.url())
              .environment(
                  Map.of(
                      "LUNARY_API_URL", tls.url(),
                      "LUNARY_PUBLIC_KEY", project.publicKey(),
                      "DISABLE_SSL_VERIFY", "True"))
              .build();
      assertThat(config.sslVerify()).isFalse();
      try (Selene selene = Selene.create(config)) {
        String id = trackOneTool(selene);
        assertThat(stored.run(id)).isNotNull();
      }
    }
    assertThat(reported).isEmpty();
  }

  @Test
  void sslVerifyOn_selfSignedCertificate_refusedAndReportedNothingStored() {
    String id;
    try (TlsProxy tls = TlsProxy.to(server.baseUrl());
        Selene selene = Selene.create(base(tls.url()).publicKey(project.publicKey()).build())) {
      id = trackOneTool(selene);
      assertThat(selene.stats().failed()).isEqualTo(2);
    }
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).status()).isZero();
    assertThat(reported.get(0).getMessage())
        .startsWith("Gave up on 2 events after 1 attempts (network error")
        .containsIgnoringCase("SSL");
    assertThat(stored.run(id)).isNull();
  }

  private void given_aTemplate(String slug) {
    io.restassured.RestAssured.given()
        .baseUri(server.baseUrl())
        .header("Authorization", "Bearer " + project.privateKey())
        .contentType("application/json")
        .body(
            Map.of(
                "slug",
                slug,
                "mode",
                "text",
                "content",
                "Hello {{name}}",
                "extra",
                Map.of(),
                "isDraft",
                false))
        .post("/v1/templates")
        .then()
        .statusCode(200);
  }
}
