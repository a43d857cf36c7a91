package dev.selene.server.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * {@code /v1/provider-configs}: the reference's list, custom models, get and PATCH-as-upsert, plus
 * POST (server-chosen id) and DELETE. API keys are always shown masked.
 */
final class ProviderConfigHandler {
  private final ProviderConfigService service;
  private final ObjectMapper json;

  ProviderConfigHandler(ProviderConfigService service, ObjectMapper json) {
    this.service = service;
    this.json = json;
  }

  void routes(RoutesConfig routes) {
    routes.get("/v1/provider-configs", this::list);
    routes.post("/v1/provider-configs", this::create);
    routes.get("/v1/provider-configs/models", this::models);
    routes.get("/v1/provider-configs/{id}", this::get);
    routes.patch("/v1/provider-configs/{id}", this::save);
    routes.put("/v1/provider-configs/{id}", this::save);
    routes.delete("/v1/provider-configs/{id}", this::delete);
  }

  private void list(Context ctx) {
    ArrayNode out = json.createArrayNode();
    service.list(Auth.projectId(ctx)).forEach(c -> out.add(view(c)));
    ctx.json(out);
  }

  private void create(Context ctx) {
    UUID project = Auth.projectId(ctx);
    ctx.status(201).json(view(service.save(project, UUID.randomUUID(), Inputs.object(ctx, json))));
  }

  private void models(Context ctx) {
    ArrayNode out = json.createArrayNode();
    service
        .models(Auth.projectId(ctx))
        .forEach(
            m -> {
              ObjectNode o = out.addObject();
              o.put("id", m.id().toString());
              o.put("name", m.name());
              o.put("providerConfigId", m.configId().toString());
              o.put("provider", m.providerName());
              o.put("isCustom", true);
            });
    ctx.json(out);
  }

  private void get(Context ctx) {
    ctx.json(view(service.get(Auth.projectId(ctx), id(ctx))));
  }

  private void save(Context ctx) {
    UUID project = Auth.projectId(ctx);
    ctx.json(view(service.save(project, id(ctx), Inputs.object(ctx, json))));
  }

  private void delete(Context ctx) {
    service.delete(Auth.projectId(ctx), id(ctx));
    ctx.status(204);
  }

  private ObjectNode view(ProviderConfig c) {
    ObjectNode o = json.createObjectNode();
    o.put("id", c.id().toString());
    o.put("projectId", c.projectId().toString());
    o.put("providerName", c.provider().id);
    o.put("apiKey", c.hasStoredKey() ? SecretBox.mask(c.apiKey() == null ? "" : c.apiKey()) : null);
    o.set("extraConfig", c.extraConfig());
    ArrayNode models = o.putArray("models");
    c.models().forEach(models::add);
    o.put("createdAt", Times.iso(c.createdAt()));
    o.put("updatedAt", Times.iso(c.updatedAt()));
    return o;
  }

  private static UUID id(Context ctx) {
    return Inputs.uuid(ctx, ProviderConfigService::notFound);
  }
}
