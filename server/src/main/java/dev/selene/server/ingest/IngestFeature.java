package dev.selene.server.ingest;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.pricing.Pricing;
import dev.selene.server.pricing.TokenCounter;
import io.javalin.config.RoutesConfig;

/** Lunary-compatible ingestion routes over the group-commit pipeline. */
public final class IngestFeature implements Feature {
  private final IngestPipeline pipeline;
  private final IngestHandler handler;

  public IngestFeature(
      Services services, Pricing pricing, TokenCounter tokens, KnownUsers knownUsers) {
    this.pipeline =
        new IngestPipeline(
            new BatchWriter(services.db(), services.json(), pricing, tokens, knownUsers),
            services.config().ingest());
    this.handler =
        new IngestHandler(
            services.json(), services.config().ingest(), pipeline, new ApiKeyStore(services.db()));
  }

  /** The pipeline other ingestion paths (OTLP, LangWatch) submit their events to. */
  public IngestPipeline pipeline() {
    return pipeline;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.post("/v1/runs/ingest", handler::ingest);
    routes.post("/api/report", handler::report);
  }
}
