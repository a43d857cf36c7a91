package dev.selene.server.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.templates.VersionUsageQuery.VersionUsage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Response shapes. The API is camelCase like the reference; {@code extra} and message keys are
 * returned as stored (snake_case), and the SDK route {@code /latest} is snake_case throughout with
 * the version id as a string, because that is what the SDKs read.
 */
final class TemplateJson {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper json;

  TemplateJson(ObjectMapper json) {
    this.json = json;
  }

  static String time(Instant t) {
    return t == null ? null : ISO.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  ObjectNode template(Template t) {
    ObjectNode o = json.createObjectNode();
    o.put("id", t.id());
    o.put("createdAt", time(t.createdAt()));
    o.put("ownerId", uuid(t.ownerId()));
    o.put("slug", t.slug());
    o.put("projectId", uuid(t.projectId()));
    o.put("mode", t.mode());
    return o;
  }

  ObjectNode template(Template t, List<TemplateVersion> versions) {
    ObjectNode o = template(t);
    ArrayNode list = o.putArray("versions");
    versions.forEach(v -> list.add(version(v)));
    return o;
  }

  ObjectNode version(TemplateVersion v) {
    ObjectNode o = json.createObjectNode();
    o.put("id", v.id());
    o.put("createdAt", time(v.createdAt()));
    o.put("templateId", v.templateId());
    o.put("version", v.version());
    o.put("isDraft", v.draft());
    o.put("publishedAt", time(v.publishedAt()));
    o.put("notes", v.notes());
    o.set("content", v.content());
    o.set("extra", v.extra());
    o.set("testValues", v.testValues());
    o.set("createdBy", author(v.createdBy()));
    o.set("publishedBy", author(v.publishedBy()));
    return o;
  }

  /**
   * {@code GET /v1/template_versions/latest}: snake_case, id as a string, extra always an object.
   */
  ObjectNode latestForSdk(TemplateVersion v) {
    ObjectNode o = json.createObjectNode();
    o.put("id", Long.toString(v.id()));
    o.put("slug", v.slug());
    o.set("content", v.content());
    o.set("extra", v.extra());
    o.put("created_at", time(v.createdAt()));
    o.put("version", v.version());
    return o;
  }

  /** {@code GET /v1/templates/latest}: the same fields, camelCase like the rest of the API. */
  ObjectNode latestOfTemplate(TemplateVersion v) {
    ObjectNode o = json.createObjectNode();
    o.put("id", Long.toString(v.id()));
    o.put("slug", v.slug());
    o.set("content", v.content());
    o.set("extra", v.extra());
    o.put("createdAt", time(v.createdAt()));
    o.put("version", v.version());
    return o;
  }

  ObjectNode usage(VersionUsage u) {
    ObjectNode o = json.createObjectNode();
    o.put("versionId", u.versionId());
    o.put("version", u.version());
    o.put("runs", u.runs());
    o.put("errors", u.errors());
    o.put("promptTokens", u.promptTokens());
    o.put("completionTokens", u.completionTokens());
    o.put("totalTokens", u.promptTokens() + u.completionTokens());
    o.put("cost", u.cost());
    o.put("firstRunAt", time(u.firstRunAt()));
    o.put("lastRunAt", time(u.lastRunAt()));
    return o;
  }

  private ObjectNode author(Author a) {
    if (a == null) {
      return null;
    }
    ObjectNode o = json.createObjectNode();
    o.put("kind", a.kind());
    o.put("accountId", uuid(a.accountId()));
    return o;
  }

  private static String uuid(UUID id) {
    return id == null ? null : id.toString();
  }

  byte[] bytes(Object node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
