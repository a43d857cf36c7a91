package dev.selene.server.templates;

import dev.selene.server.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Usage of each version of a template, from the runs of the project that name the version (the SDKs
 * send the version id back as {@code templateId}). Pending runs (no start seen yet) are not
 * counted, as they are hidden everywhere else.
 */
final class VersionUsageQuery {
  record VersionUsage(
      long versionId,
      int version,
      long runs,
      long errors,
      long promptTokens,
      long completionTokens,
      double cost,
      Instant firstRunAt,
      Instant lastRunAt) {}

  private static final String SQL =
      "select v.id, v.version, count(r.id) as runs,"
          + " count(r.id) filter (where r.status = 'error') as errors,"
          + " coalesce(sum(r.prompt_tokens), 0) as prompt_tokens,"
          + " coalesce(sum(r.completion_tokens), 0) as completion_tokens,"
          + " coalesce(sum(r.cost), 0) as cost,"
          + " min(r.created_at) as first_run_at, max(r.created_at) as last_run_at"
          + " from template t join template_version v on v.template_id = t.id"
          + " left join run r on r.project_id = t.project_id and r.template_version_id = v.id"
          + " and r.created_at is not null"
          + " and (cast(? as timestamptz) is null or r.created_at >= ?)"
          + " and (cast(? as timestamptz) is null or r.created_at < ?)"
          + " where t.project_id = ? and %s"
          + " group by v.id, v.version order by v.version desc";

  List<VersionUsage> ofTemplate(
      Connection c, UUID project, long templateId, Instant from, Instant to) throws SQLException {
    return run(c, String.format(SQL, "t.id = ?"), project, templateId, from, to);
  }

  List<VersionUsage> ofVersion(Connection c, UUID project, long versionId, Instant from, Instant to)
      throws SQLException {
    return run(c, String.format(SQL, "v.id = ?"), project, versionId, from, to);
  }

  private static List<VersionUsage> run(
      Connection c, String sql, UUID project, long id, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, from, from, to, to, project, id);
      try (ResultSet rs = ps.executeQuery()) {
        List<VersionUsage> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new VersionUsage(
                  rs.getLong("id"),
                  rs.getInt("version"),
                  rs.getLong("runs"),
                  rs.getLong("errors"),
                  rs.getLong("prompt_tokens"),
                  rs.getLong("completion_tokens"),
                  rs.getDouble("cost"),
                  Jdbc.instant(rs, "first_run_at"),
                  Jdbc.instant(rs, "last_run_at")));
        }
        return out;
      }
    }
  }
}
