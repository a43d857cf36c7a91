package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for custom endpoints, always scoped by project. The {@code auth} column is handled in its
 * stored (encrypted) form: {@link EndpointService} seals and opens the secret.
 */
final class EndpointStore {
  /** A row as stored: {@code auth} still holds the sealed secret. */
  record Row(
      UUID id,
      UUID projectId,
      String name,
      String url,
      JsonNode auth,
      ObjectNode headers,
      ObjectNode defaultPayload,
      java.time.Instant createdAt,
      java.time.Instant updatedAt) {}

  private static final String COLUMNS =
      "id, project_id, name, url, auth, headers, default_payload, created_at, updated_at";

  private final Jdbc jdbc;

  EndpointStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  Row insert(
      UUID project, String name, String url, JsonNode auth, JsonNode headers, JsonNode body) {
    return jdbc.read(
        c ->
            one(
                    c,
                    "insert into playground_endpoint (id, project_id, name, url, auth, headers,"
                        + " default_payload) values (?, ?, ?, ?, cast(? as jsonb),"
                        + " cast(? as jsonb), cast(? as jsonb)) returning "
                        + COLUMNS,
                    UUID.randomUUID(),
                    project,
                    name,
                    url,
                    jdbc.write(auth),
                    jdbc.write(headers),
                    jdbc.write(body))
                .orElseThrow());
  }

  List<Row> list(UUID project) {
    return jdbc.read(
        c ->
            rows(
                c,
                "select "
                    + COLUMNS
                    + " from playground_endpoint where project_id = ?"
                    + " order by created_at desc, id",
                project));
  }

  Optional<Row> find(UUID project, UUID id) {
    return jdbc.read(
        c ->
            one(
                c,
                "select " + COLUMNS + " from playground_endpoint where project_id = ? and id = ?",
                project,
                id));
  }

  /** Replaces every column with the given (already merged) values. */
  Optional<Row> update(Row r) {
    return jdbc.read(
        c ->
            one(
                c,
                "update playground_endpoint set name = ?, url = ?, auth = cast(? as jsonb),"
                    + " headers = cast(? as jsonb), default_payload = cast(? as jsonb),"
                    + " updated_at = now() where project_id = ? and id = ? returning "
                    + COLUMNS,
                r.name(),
                r.url(),
                jdbc.write(r.auth()),
                jdbc.write(r.headers()),
                jdbc.write(r.defaultPayload()),
                r.projectId(),
                r.id()));
  }

  boolean delete(UUID project, UUID id) {
    return jdbc.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "delete from playground_endpoint where project_id = ? and id = ?")) {
            Jdbc.bind(ps, project, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private Optional<Row> one(Connection c, String sql, Object... args) throws SQLException {
    return rows(c, sql, args).stream().findFirst();
  }

  private List<Row> rows(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<Row> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Row(
                  rs.getObject("id", UUID.class),
                  rs.getObject("project_id", UUID.class),
                  rs.getString("name"),
                  rs.getString("url"),
                  jdbc.parse(rs.getString("auth")),
                  (ObjectNode) jdbc.parse(rs.getString("headers")),
                  (ObjectNode) jdbc.parse(rs.getString("default_payload")),
                  Jdbc.instant(rs, "created_at"),
                  Jdbc.instant(rs, "updated_at")));
        }
        return out;
      }
    }
  }
}
