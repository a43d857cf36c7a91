package dev.selene.server.templates;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.db.Jdbc;
import io.javalin.config.RoutesConfig;

/**
 * Prompt templates with numbered versions: {@code /v1/templates}, {@code /v1/template-versions}
 * (and {@code /v1/template_versions}), {@code /v1/prompts}, and the SDKs' latest-version route.
 */
public final class TemplatesFeature implements Feature {
  private final TemplateService service;
  private final TemplateHandler templates;
  private final TemplateVersionHandler versions;

  public TemplatesFeature(Services services) {
    TemplateJson views = new TemplateJson(services.json());
    this.service = new TemplateService(new Jdbc(services.db(), services.json()), views);
    this.templates = new TemplateHandler(service, views, services.json());
    this.versions =
        new TemplateVersionHandler(service, views, services.json(), new ApiKeyStore(services.db()));
  }

  /** Lookup of versions for the playground. */
  public TemplateVersions versions() {
    return service;
  }

  @Override
  public void routes(RoutesConfig routes) {
    templates.routes(routes);
    versions.routes(routes);
  }
}
