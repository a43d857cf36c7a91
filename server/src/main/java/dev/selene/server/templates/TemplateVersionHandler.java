package dev.selene.server.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.auth.Auth;
import dev.selene.server.auth.KeyKind;
import dev.selene.server.auth.Principal;
import dev.selene.server.http.ApiException;
import dev.selene.server.templates.TemplateService.VersionWithTemplate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * {@code /v1/template-versions} (and the underscore form the SDKs call), plus the legacy {@code
 * /api/v1/template?slug=&app_id=}. {@code latest} is the SDK hot path and is served from the cache.
 */
final class TemplateVersionHandler {
  private final TemplateService service;
  private final TemplateJson views;
  private final ObjectMapper json;
  private final ApiKeyStore keys;

  TemplateVersionHandler(
      TemplateService service, TemplateJson views, ObjectMapper json, ApiKeyStore keys) {
    this.service = service;
    this.views = views;
    this.json = json;
    this.keys = keys;
  }

  void routes(RoutesConfig routes) {
    for (String prefix : new String[] {"/v1/template-versions", "/v1/template_versions"}) {
      routes.get(prefix + "/latest", this::latest);
      routes.get(prefix + "/{id}", this::get);
      routes.patch(prefix + "/{id}", this::update);
      routes.get(prefix + "/{id}/usage", this::usage);
    }
    routes.get("/api/v1/template", this::legacyLatest);
  }

  private void latest(Context ctx) {
    serveLatest(ctx, Auth.projectId(ctx));
  }

  /** Lunary's oldest SDK route: the key arrives as {@code app_id} in the query string. */
  private void legacyLatest(Context ctx) {
    if (Auth.principal(ctx).isPresent()) {
      serveLatest(ctx, Auth.projectId(ctx));
      return;
    }
    String appId = ctx.queryParam("app_id");
    if (appId == null || appId.isBlank()) {
      throw ApiException.unauthorized("Missing API key: pass ?app_id=<project key>");
    }
    Principal p =
        keys.find(appId.trim()).orElseThrow(() -> ApiException.unauthorized("Invalid API key"));
    if (p.projectId() == null || p.kind() == KeyKind.ORG_PRIVATE) {
      throw ApiException.unauthorized("Org API key cannot access this route");
    }
    serveLatest(ctx, p.projectId());
  }

  private void serveLatest(Context ctx, UUID project) {
    String slug = ctx.queryParam("slug");
    if (slug == null || slug.isBlank()) {
      throw ApiException.invalid("slug", "is required: ?slug=<template slug>");
    }
    byte[] body =
        service
            .latestForSdk(project, slug)
            .orElseThrow(() -> ApiException.notFound(TemplateService.NOT_FOUND_FOR_SDK));
    ctx.contentType("application/json").result(body);
  }

  private void get(Context ctx) {
    VersionWithTemplate found = service.getVersion(Auth.projectId(ctx), id(ctx));
    ObjectNode out = views.version(found.version());
    out.set("template", views.template(found.template()));
    ctx.json(out);
  }

  /** Updates a version in place; {@code isDraft: false} on a draft publishes it. */
  private void update(Context ctx) {
    UUID project = Auth.projectId(ctx);
    TemplateVersion v =
        service.updateVersion(project, id(ctx), Requests.object(ctx, json), Author.of(ctx));
    ctx.json(views.version(v));
  }

  private void usage(Context ctx) {
    ctx.json(
        views.usage(
            service.usageOfVersion(
                Auth.projectId(ctx),
                id(ctx),
                Requests.time(ctx, "from"),
                Requests.time(ctx, "to"))));
  }

  private static long id(Context ctx) {
    return Requests.id(ctx, TemplateService::versionNotFound);
  }
}
