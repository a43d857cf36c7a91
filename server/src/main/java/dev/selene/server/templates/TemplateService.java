package dev.selene.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.db.Jdbc;
import dev.selene.server.http.ApiException;
import dev.selene.server.templates.TemplateInput.VersionFields;
import dev.selene.server.templates.VersionUsageQuery.VersionUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Template rules: unique slugs per project, versions numbered 1, 2, 3… per template, drafts never
 * served, publishing explicit, and the SDK cache invalidated after every committed change.
 */
final class TemplateService implements TemplateVersions {
  static final String NOT_FOUND_FOR_SDK = "Template not found, is the project ID correct?";

  record TemplateWithVersions(Template template, List<TemplateVersion> versions) {}

  record VersionWithTemplate(TemplateVersion version, Template template) {}

  private final Jdbc jdbc;
  private final TemplateStore store;
  private final VersionUsageQuery usage = new VersionUsageQuery();
  private final LatestVersionCache cache = new LatestVersionCache();
  private final TemplateJson views;

  TemplateService(Jdbc jdbc, TemplateJson views) {
    this.jdbc = jdbc;
    this.store = new TemplateStore(jdbc);
    this.views = views;
  }

  List<TemplateWithVersions> list(UUID project) {
    return jdbc.read(
        c -> {
          Map<Long, List<TemplateVersion>> versions = store.versionsOfProject(c, project);
          List<TemplateWithVersions> out = new ArrayList<>();
          for (Template t : store.list(c, project)) {
            out.add(new TemplateWithVersions(t, versions.getOrDefault(t.id(), List.of())));
          }
          return out;
        });
  }

  List<Template> listWithoutVersions(UUID project) {
    return jdbc.read(c -> store.list(c, project));
  }

  TemplateWithVersions create(UUID project, JsonNode body, Author author) {
    String slug = TemplateInput.slug(body, true);
    String mode = TemplateInput.mode(body, "openai");
    VersionFields fields = TemplateInput.forCreate(body, true);
    TemplateWithVersions created =
        jdbc.transaction(
            c -> {
              Template t =
                  store.insert(c, project, slug, mode, author).orElseThrow(() -> slugTaken(slug));
              return new TemplateWithVersions(
                  t, List.of(store.insertVersion(c, t, fields, author)));
            });
    cache.invalidate(project, slug);
    return created;
  }

  TemplateWithVersions get(UUID project, long id) {
    return jdbc.read(
        c -> {
          Template t = store.find(c, project, id, false).orElseThrow(TemplateService::notFound);
          return new TemplateWithVersions(t, store.versionsOf(c, project, id, "v.version desc"));
        });
  }

  List<TemplateVersion> versionsNewestFirst(UUID project, long id) {
    return jdbc.read(
        c -> {
          store.find(c, project, id, false).orElseThrow(TemplateService::notFound);
          return store.versionsOf(c, project, id, "v.created_at desc, v.id desc");
        });
  }

  TemplateWithVersions update(UUID project, long id, JsonNode body) {
    String slug = TemplateInput.slug(body, false);
    String mode = TemplateInput.mode(body, null);
    Template before =
        jdbc.transaction(
            c -> {
              Template t = store.find(c, project, id, true).orElseThrow(TemplateService::notFound);
              if (!store.update(c, project, id, slug, mode)) {
                throw slugTaken(slug);
              }
              return t;
            });
    cache.invalidate(project, before.slug());
    if (slug != null) {
      cache.invalidate(project, slug);
    }
    return get(project, id);
  }

  void delete(UUID project, long id) {
    String slug =
        jdbc.transaction(c -> store.delete(c, project, id).orElseThrow(TemplateService::notFound));
    cache.invalidate(project, slug);
  }

  TemplateVersion createVersion(UUID project, long templateId, JsonNode body, Author author) {
    VersionFields fields = TemplateInput.forCreate(body, false);
    TemplateVersion created =
        jdbc.transaction(
            c -> {
              Template t =
                  store.find(c, project, templateId, true).orElseThrow(TemplateService::notFound);
              return store.insertVersion(c, t, fields, author);
            });
    cache.invalidate(project, created.slug());
    return created;
  }

  VersionWithTemplate getVersion(UUID project, long versionId) {
    return jdbc.read(
        c -> {
          TemplateVersion v =
              store
                  .findVersion(c, project, versionId, false)
                  .orElseThrow(TemplateService::versionNotFound);
          return new VersionWithTemplate(
              v, store.find(c, project, v.templateId(), false).orElseThrow());
        });
  }

  TemplateVersion updateVersion(UUID project, long versionId, JsonNode body, Author author) {
    VersionFields fields = TemplateInput.forUpdate(body);
    TemplateVersion updated =
        jdbc.transaction(
            c -> {
              TemplateVersion current =
                  store
                      .findVersion(c, project, versionId, true)
                      .orElseThrow(TemplateService::versionNotFound);
              store.updateVersion(c, current, fields, author);
              return store.findVersion(c, project, versionId, false).orElseThrow();
            });
    cache.invalidate(project, updated.slug());
    return updated;
  }

  /** The serialised SDK answer for a slug, from the cache; empty when nothing is published. */
  Optional<byte[]> latestForSdk(UUID project, String slug) {
    return cache.get(
        project,
        slug,
        () ->
            jdbc.read(c -> store.latest(c, project, slug))
                .map(v -> views.bytes(views.latestForSdk(v))));
  }

  List<TemplateVersion> latestOfEach(UUID project) {
    return jdbc.read(c -> store.latestOfEach(c, project));
  }

  List<VersionUsage> usageOfTemplate(UUID project, long templateId, Instant from, Instant to) {
    return jdbc.read(
        c -> {
          store.find(c, project, templateId, false).orElseThrow(TemplateService::notFound);
          return usage.ofTemplate(c, project, templateId, from, to);
        });
  }

  VersionUsage usageOfVersion(UUID project, long versionId, Instant from, Instant to) {
    return jdbc.read(
        c ->
            usage.ofVersion(c, project, versionId, from, to).stream()
                .findFirst()
                .orElseThrow(TemplateService::versionNotFound));
  }

  @Override
  public Optional<TemplateVersion> find(UUID projectId, long versionId) {
    return jdbc.read(c -> store.findVersion(c, projectId, versionId, false));
  }

  static ApiException notFound() {
    return ApiException.notFound("Template not found");
  }

  static ApiException versionNotFound() {
    return ApiException.notFound("Template version not found");
  }

  private static ApiException slugTaken(String slug) {
    return new ApiException(
        409, "A template with slug '" + slug + "' already exists in this project");
  }
}
