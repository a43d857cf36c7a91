package dev.selene.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.db.Jdbc;
import dev.selene.server.templates.TemplateInput.VersionFields;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for templates and versions. Every statement is scoped by project: versions are reached
 * through their template's {@code project_id}.
 */
final class TemplateStore {
  private static final String TEMPLATE_COLUMNS =
      "t.id, t.created_at, t.project_id, t.slug, t.mode, t.owner_id";
  private static final String VERSION_COLUMNS =
      "v.id, v.template_id, t.slug, v.version, v.content, v.extra, v.test_values, v.notes,"
          + " v.is_draft, v.created_at, v.published_at, v.created_by_kind, v.created_by_account,"
          + " v.published_by_kind, v.published_by_account";

  private final Jdbc jdbc;

  TemplateStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  List<Template> list(Connection c, UUID project) throws SQLException {
    return templates(
        c,
        "select "
            + TEMPLATE_COLUMNS
            + " from template t where t.project_id = ?"
            + " order by t.created_at desc, t.id desc",
        project);
  }

  Optional<Template> find(Connection c, UUID project, long id, boolean lock) throws SQLException {
    List<Template> found =
        templates(
            c,
            "select "
                + TEMPLATE_COLUMNS
                + " from template t where t.project_id = ? and t.id = ?"
                + (lock ? " for update" : ""),
            project,
            id);
    return found.stream().findFirst();
  }

  /** The new template, or empty when the slug is already used in the project. */
  Optional<Template> insert(Connection c, UUID project, String slug, String mode, Author author)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into template (project_id, slug, mode, owner_id, created_by_kind)"
                + " values (?, ?, ?, ?, ?) on conflict (project_id, slug) do nothing"
                + " returning id, created_at, project_id, slug, mode, owner_id")) {
      Jdbc.bind(ps, project, slug, mode, author.accountId(), author.kind());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(template(rs)) : Optional.empty();
      }
    }
  }

  /** False when the new slug is already used by another template of the project. */
  boolean update(Connection c, UUID project, long id, String slug, String mode)
      throws SQLException {
    if (slug != null && slugTaken(c, project, slug, id)) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "update template set slug = coalesce(?, slug), mode = coalesce(?, mode)"
                + " where project_id = ? and id = ?")) {
      Jdbc.bind(ps, slug, mode, project, id);
      ps.executeUpdate();
    }
    return true;
  }

  boolean slugTaken(Connection c, UUID project, String slug, long exceptId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select 1 from template where project_id = ? and slug = ? and id <> ?")) {
      Jdbc.bind(ps, project, slug, exceptId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The deleted template's slug, if it existed in the project. */
  Optional<String> delete(Connection c, UUID project, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("delete from template where project_id = ? and id = ? returning slug")) {
      Jdbc.bind(ps, project, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Inserts the next version of a template. The caller holds the template row lock, so numbers are
   * assigned one at a time: 1 + the highest number so far, drafts included.
   */
  TemplateVersion insertVersion(Connection c, Template template, VersionFields f, Author author)
      throws SQLException {
    boolean draft = f.draft() != null && f.draft();
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into template_version (template_id, version, content, extra, test_values,"
                + " notes, is_draft, published_at, created_by_kind, created_by_account,"
                + " published_by_kind, published_by_account)"
                + " values (?, (select coalesce(max(version), 0) + 1 from template_version"
                + " where template_id = ?), cast(? as jsonb), cast(? as jsonb), cast(? as jsonb),"
                + " ?, ?, case when ? then null else now() end, ?, ?, ?, ?) returning id")) {
      Jdbc.bind(
          ps,
          template.id(),
          template.id(),
          jdbc.write(f.content()),
          jdbc.write(f.extra()),
          jdbc.write(f.testValues()),
          f.notes(),
          draft,
          draft,
          author.kind(),
          author.accountId(),
          draft ? null : author.kind(),
          draft ? null : author.accountId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return findVersion(c, template.projectId(), rs.getLong(1), false).orElseThrow();
      }
    }
  }

  Optional<TemplateVersion> findVersion(Connection c, UUID project, long id, boolean lock)
      throws SQLException {
    return versions(
            c,
            "select "
                + VERSION_COLUMNS
                + " from template_version v join template t"
                + " on t.id = v.template_id where t.project_id = ? and v.id = ?"
                + (lock ? " for update of v" : ""),
            project,
            id)
        .stream()
        .findFirst();
  }

  /**
   * Applies the present fields. Publishing (draft → published) stamps {@code published_at} and the
   * publisher; saving an already published version keeps its stamp, so editing notes never makes an
   * old version live again; turning a version back into a draft clears it.
   */
  void updateVersion(Connection c, TemplateVersion current, VersionFields f, Author author)
      throws SQLException {
    boolean draft = f.draft() == null ? current.draft() : f.draft();
    boolean publishing = current.draft() && !draft;
    Instant publishedAt = draft ? null : current.publishedAt();
    Author publishedBy = draft ? null : current.publishedBy();
    if (publishing) {
      publishedAt = null; // set by now() below
      publishedBy = author;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "update template_version set content = coalesce(cast(? as jsonb), content),"
                + " extra = coalesce(cast(? as jsonb), extra),"
                + " test_values = case when ? then cast(? as jsonb) else test_values end,"
                + " notes = case when ? then ? else notes end, is_draft = ?,"
                + " published_at = case when ? then now() else ? end,"
                + " published_by_kind = ?, published_by_account = ? where id = ?")) {
      Jdbc.bind(
          ps,
          jdbc.write(f.content()),
          jdbc.write(f.extra()),
          f.testValues() != null,
          jdbc.write(f.testValues()),
          f.notes() != null,
          f.notes(),
          draft,
          publishing,
          publishedAt,
          publishedBy == null ? null : publishedBy.kind(),
          publishedBy == null ? null : publishedBy.accountId(),
          current.id());
      ps.executeUpdate();
    }
  }

  /** Versions of one template, newest number first. */
  List<TemplateVersion> versionsOf(Connection c, UUID project, long templateId, String order)
      throws SQLException {
    return versions(
        c,
        "select "
            + VERSION_COLUMNS
            + " from template_version v join template t"
            + " on t.id = v.template_id where t.project_id = ? and t.id = ? order by "
            + order,
        project,
        templateId);
  }

  /** All versions of all templates of the project, grouped by template id, newest first. */
  Map<Long, List<TemplateVersion>> versionsOfProject(Connection c, UUID project)
      throws SQLException {
    Map<Long, List<TemplateVersion>> byTemplate = new LinkedHashMap<>();
    for (TemplateVersion v :
        versions(
            c,
            "select "
                + VERSION_COLUMNS
                + " from template_version v join template t"
                + " on t.id = v.template_id where t.project_id = ?"
                + " order by v.template_id, v.version desc",
            project)) {
      byTemplate.computeIfAbsent(v.templateId(), k -> new ArrayList<>()).add(v);
    }
    return byTemplate;
  }

  /** The served version of a slug: the most recently published one. */
  Optional<TemplateVersion> latest(Connection c, UUID project, String slug) throws SQLException {
    return versions(
            c,
            "select "
                + VERSION_COLUMNS
                + " from template t join template_version v"
                + " on v.template_id = t.id where t.project_id = ? and t.slug = ?"
                + " and not v.is_draft order by v.published_at desc, v.id desc limit 1",
            project,
            slug)
        .stream()
        .findFirst();
  }

  /** The served version of every template of the project that has one. */
  List<TemplateVersion> latestOfEach(Connection c, UUID project) throws SQLException {
    return versions(
        c,
        "select * from (select distinct on (t.id) "
            + VERSION_COLUMNS
            + ", t.created_at as template_created_at from template t join template_version v"
            + " on v.template_id = t.id where t.project_id = ? and not v.is_draft"
            + " order by t.id, v.published_at desc, v.id desc) latest"
            + " order by template_created_at desc, template_id desc",
        project);
  }

  private List<Template> templates(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<Template> out = new ArrayList<>();
        while (rs.next()) {
          out.add(template(rs));
        }
        return out;
      }
    }
  }

  private static Template template(ResultSet rs) throws SQLException {
    return new Template(
        rs.getLong("id"),
        Jdbc.instant(rs, "created_at"),
        rs.getObject("project_id", UUID.class),
        rs.getString("slug"),
        rs.getString("mode"),
        rs.getObject("owner_id", UUID.class));
  }

  private List<TemplateVersion> versions(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<TemplateVersion> out = new ArrayList<>();
        while (rs.next()) {
          out.add(version(rs));
        }
        return out;
      }
    }
  }

  private TemplateVersion version(ResultSet rs) throws SQLException {
    JsonNode extra = jdbc.parse(rs.getString("extra"));
    String publishedKind = rs.getString("published_by_kind");
    return new TemplateVersion(
        rs.getLong("id"),
        rs.getLong("template_id"),
        rs.getString("slug"),
        rs.getInt("version"),
        jdbc.parse(rs.getString("content")),
        extra instanceof ObjectNode o ? o : TemplateInput.extra(null, false),
        jdbc.parse(rs.getString("test_values")),
        rs.getString("notes"),
        rs.getBoolean("is_draft"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "published_at"),
        new Author(rs.getString("created_by_kind"), rs.getObject("created_by_account", UUID.class)),
        publishedKind == null
            ? null
            : new Author(publishedKind, rs.getObject("published_by_account", UUID.class)));
  }
}
