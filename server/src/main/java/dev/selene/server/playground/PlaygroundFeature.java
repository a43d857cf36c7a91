package dev.selene.server.playground;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.config.SeleneConfig.PlaygroundConfig;
import dev.selene.server.db.Jdbc;
import dev.selene.server.ingest.IngestPipeline;
import dev.selene.server.templates.TemplateVersions;
import io.javalin.config.RoutesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt playground: custom endpoints ({@code /v1/playground-endpoints}), per-project provider
 * settings ({@code /v1/provider-configs}), running a prompt against an LLM provider or a custom
 * endpoint ({@code /v1/playground}), and the public test endpoints ({@code /v1/test-endpoint}).
 */
public final class PlaygroundFeature implements Feature, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlaygroundFeature.class);

  private final TestEndpointHandler testEndpoints;
  private final EndpointHandler endpoints;
  private final ProviderConfigHandler providerConfigs;
  private final PlaygroundHandler playground;
  private final UpstreamHttp http;

  /** {@code ingest} records each playground call as a run (and prices it). */
  public PlaygroundFeature(Services services, TemplateVersions versions, IngestPipeline ingest) {
    PlaygroundConfig config = services.config().playground();
    if (config.secretKey().isEmpty()) {
      log.info(
          "SELENE_SECRET_KEY is not set: playground secrets are encrypted with a key derived from"
              + " JWT_SECRET (if neither is set, saved secrets are unreadable after a restart)");
    }
    SecretBox secrets = new SecretBox(config.secretKey().orElse(services.config().jwtSecret()));
    Jdbc jdbc = new Jdbc(services.db(), services.json());
    EndpointService endpointService = new EndpointService(new EndpointStore(jdbc), secrets);
    ProviderConfigService configService =
        new ProviderConfigService(new ProviderConfigStore(jdbc), secrets);
    this.http = new UpstreamHttp(config.timeout());
    this.testEndpoints = new TestEndpointHandler(services.json());
    this.endpoints = new EndpointHandler(endpointService, services.json());
    this.providerConfigs = new ProviderConfigHandler(configService, services.json());
    this.playground =
        new PlaygroundHandler(
            new PlaygroundService(
                services.json(),
                versions,
                new ProviderResolver(config.providerEnv(), configService),
                endpointService,
                http,
                new RunRecorder(ingest, services.db())),
            services.json());
  }

  @Override
  public void routes(RoutesConfig routes) {
    testEndpoints.routes(routes);
    playground.routes(routes);
    endpoints.routes(routes);
    providerConfigs.routes(routes);
  }

  @Override
  public void close() {
    http.close();
  }
}
