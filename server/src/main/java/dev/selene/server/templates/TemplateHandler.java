package dev.selene.server.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import dev.selene.server.templates.TemplateService.TemplateWithVersions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/** {@code /v1/templates} and the read-only {@code /v1/prompts}: HTTP only. */
final class TemplateHandler {
  private final TemplateService service;
  private final TemplateJson views;
  private final ObjectMapper json;

  TemplateHandler(TemplateService service, TemplateJson views, ObjectMapper json) {
    this.service = service;
    this.views = views;
    this.json = json;
  }

  void routes(RoutesConfig routes) {
    routes.get("/v1/templates", this::list);
    routes.post("/v1/templates", this::create);
    routes.get("/v1/templates/latest", this::latestOfEach);
    routes.get("/v1/templates/{id}", this::get);
    routes.patch("/v1/templates/{id}", this::update);
    routes.delete("/v1/templates/{id}", this::delete);
    routes.post("/v1/templates/{id}/versions", this::createVersion);
    routes.get("/v1/templates/{id}/versions", this::versions);
    routes.get("/v1/templates/{id}/usage", this::usage);
    routes.get("/v1/prompts", this::listPrompts);
    routes.get("/v1/prompts/{id}/versions", this::versions);
  }

  private void list(Context ctx) {
    ArrayNode out = json.createArrayNode();
    for (TemplateWithVersions t : service.list(Auth.projectId(ctx))) {
      out.add(views.template(t.template(), t.versions()));
    }
    ctx.json(out);
  }

  private void listPrompts(Context ctx) {
    ArrayNode out = json.createArrayNode();
    service.listWithoutVersions(Auth.projectId(ctx)).forEach(t -> out.add(views.template(t)));
    ctx.json(out);
  }

  private void create(Context ctx) {
    UUID project = Auth.projectId(ctx);
    TemplateWithVersions created =
        service.create(project, Requests.object(ctx, json), Author.of(ctx));
    ctx.json(views.template(created.template(), created.versions()));
  }

  private void latestOfEach(Context ctx) {
    ArrayNode out = json.createArrayNode();
    service.latestOfEach(Auth.projectId(ctx)).forEach(v -> out.add(views.latestOfTemplate(v)));
    ctx.json(out);
  }

  private void get(Context ctx) {
    TemplateWithVersions t = service.get(Auth.projectId(ctx), id(ctx));
    ctx.json(views.template(t.template(), t.versions()));
  }

  private void update(Context ctx) {
    UUID project = Auth.projectId(ctx);
    TemplateWithVersions t = service.update(project, id(ctx), Requests.object(ctx, json));
    ctx.json(views.template(t.template(), t.versions()));
  }

  private void delete(Context ctx) {
    service.delete(Auth.projectId(ctx), id(ctx));
    ctx.status(204);
  }

  private void createVersion(Context ctx) {
    UUID project = Auth.projectId(ctx);
    TemplateVersion v =
        service.createVersion(project, id(ctx), Requests.object(ctx, json), Author.of(ctx));
    ctx.json(views.version(v));
  }

  /** Versions newest first; {@code version} is the stored number (1 for the first). */
  private void versions(Context ctx) {
    ArrayNode out = json.createArrayNode();
    service
        .versionsNewestFirst(Auth.projectId(ctx), id(ctx))
        .forEach(v -> out.add(views.version(v)));
    ctx.json(out);
  }

  private void usage(Context ctx) {
    long id = id(ctx);
    ObjectNode out = json.createObjectNode();
    out.put("templateId", id);
    ArrayNode versions = out.putArray("versions");
    service
        .usageOfTemplate(
            Auth.projectId(ctx), id, Requests.time(ctx, "from"), Requests.time(ctx, "to"))
        .forEach(u -> versions.add(views.usage(u)));
    ctx.json(out);
  }

  private static long id(Context ctx) {
    return Requests.id(ctx, TemplateService::notFound);
  }
}
