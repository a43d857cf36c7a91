package dev.selene.server.pricing;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import io.javalin.config.RoutesConfig;

/**
 * {@code /v1/models}: the organisation's model prices (its own rows plus the read-only global
 * defaults). Changes are applied to the given {@link ModelPriceTable} at once in this process;
 * other replicas pick them up on their next refresh.
 */
public final class ModelsFeature implements Feature {
  private final ModelsHandler handler;

  public ModelsFeature(Services services, ModelPriceTable table) {
    this.handler =
        new ModelsHandler(
            new ModelPriceService(new ModelPriceStore(services.db()), table), services.json());
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/v1/models", handler::list);
    routes.post("/v1/models", handler::create);
    routes.patch("/v1/models/{id}", handler::update);
    routes.delete("/v1/models/{id}", handler::delete);
  }
}
