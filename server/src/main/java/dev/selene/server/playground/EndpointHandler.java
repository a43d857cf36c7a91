package dev.selene.server.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * {@code /v1/playground-endpoints}: list (secrets masked), get/create/update (secrets in clear for
 * the private-key holder who manages them), delete.
 */
final class EndpointHandler {
  private final EndpointService service;
  private final ObjectMapper json;

  EndpointHandler(EndpointService service, ObjectMapper json) {
    this.service = service;
    this.json = json;
  }

  void routes(RoutesConfig routes) {
    routes.get("/v1/playground-endpoints", this::list);
    routes.post("/v1/playground-endpoints", this::create);
    routes.get("/v1/playground-endpoints/{id}", this::get);
    routes.put("/v1/playground-endpoints/{id}", this::update);
    routes.patch("/v1/playground-endpoints/{id}", this::update);
    routes.delete("/v1/playground-endpoints/{id}", this::delete);
  }

  private void list(Context ctx) {
    ArrayNode out = json.createArrayNode();
    service.list(Auth.projectId(ctx)).forEach(e -> out.add(view(e, true)));
    ctx.json(out);
  }

  private void create(Context ctx) {
    UUID project = Auth.projectId(ctx);
    ctx.status(201).json(view(service.create(project, Inputs.object(ctx, json)), false));
  }

  private void get(Context ctx) {
    ctx.json(view(service.get(Auth.projectId(ctx), id(ctx)), false));
  }

  private void update(Context ctx) {
    UUID project = Auth.projectId(ctx);
    ctx.json(view(service.update(project, id(ctx), Inputs.object(ctx, json)), false));
  }

  private void delete(Context ctx) {
    service.delete(Auth.projectId(ctx), id(ctx));
    ctx.status(204);
  }

  private ObjectNode view(PlaygroundEndpoint e, boolean masked) {
    ObjectNode o = json.createObjectNode();
    o.put("id", e.id().toString());
    o.put("projectId", e.projectId().toString());
    o.put("name", e.name());
    o.put("url", e.url());
    if (e.auth() == null) {
      o.putNull("auth");
    } else {
      String secret = e.auth().secret() == null ? "****" : e.auth().secret();
      o.set("auth", e.auth().toJson(masked ? SecretBox.mask(secret) : secret));
    }
    o.set("headers", e.headers());
    o.set("defaultPayload", e.defaultPayload());
    o.put("createdAt", Times.iso(e.createdAt()));
    o.put("updatedAt", Times.iso(e.updatedAt()));
    return o;
  }

  private static UUID id(Context ctx) {
    return Inputs.uuid(ctx, EndpointService::notFound);
  }
}
