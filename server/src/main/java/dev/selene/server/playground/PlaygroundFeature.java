package dev.selene.server.playground;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.config.SeleneConfig.PlaygroundConfig;
import dev.selene.server.templates.TemplateVersions;
import io.javalin.config.RoutesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt playground: custom endpoints ({@code /v1/playground-endpoints}), per-project provider
 * settings ({@code /v1/provider-configs}), running a prompt against an LLM provider or a custom
 * endpoint ({@code /v1/playground}), and the public test endpoints ({@code /v1/test-endpoint}).
 */
public final class PlaygroundFeature implements Feature {
  private static final Logger log = LoggerFactory.getLogger(PlaygroundFeature.class);

  private final TestEndpointHandler testEndpoints;
  private final EndpointHandler endpoints;

  public PlaygroundFeature(Services services, TemplateVersions versions) {
    PlaygroundConfig config = services.config().playground();
    if (config.secretKey().isEmpty()) {
      log.info(
          "SELENE_SECRET_KEY is not set: playground secrets are encrypted with a key derived from"
              + " JWT_SECRET (if neither is set, saved secrets are unreadable after a restart)");
    }
    SecretBox secrets = new SecretBox(config.secretKey().orElse(services.config().jwtSecret()));
    Jdbc jdbc = new Jdbc(services.db(), services.json());
    this.testEndpoints = new TestEndpointHandler(services.json());
    this.endpoints =
        new EndpointHandler(new EndpointService(new EndpointStore(jdbc), secrets), services.json());
  }

  @Override
  public void routes(RoutesConfig routes) {
    testEndpoints.routes(routes);
    endpoints.routes(routes);
  }
}
