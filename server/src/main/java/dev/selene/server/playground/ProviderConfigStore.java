package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.db.Jdbc;
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

/** SQL for provider configs and their custom models, scoped by project. */
final class ProviderConfigStore {
  /** A config as stored: {@code apiKey} is sealed. */
  record Row(
      UUID id,
      UUID projectId,
      String providerName,
      String sealedKey,
      JsonNode extraConfig,
      List<String> models,
      Instant createdAt,
      Instant updatedAt) {}

  record ModelRow(UUID id, String name, UUID configId, String providerName) {}

  private final Jdbc jdbc;

  ProviderConfigStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  List<Row> list(UUID project) {
    return jdbc.read(c -> rows(c, "where project_id = ? order by created_at desc, id", project));
  }

  Optional<Row> find(UUID project, UUID id) {
    return jdbc.read(
        c -> rows(c, "where project_id = ? and id = ?", project, id).stream().findFirst());
  }

  /**
   * Creates or replaces the config with a client-chosen id (the reference's PATCH semantics).
   * Models are only added. False when the id belongs to another project.
   */
  boolean upsert(
      UUID project,
      UUID id,
      String providerName,
      String sealedKey,
      JsonNode extra,
      List<String> models) {
    return jdbc.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into provider_config (id, project_id, provider_name, api_key,"
                      + " extra_config) values (?, ?, ?, ?, cast(? as jsonb))"
                      + " on conflict (id) do update set provider_name = excluded.provider_name,"
                      + " api_key = excluded.api_key, extra_config = excluded.extra_config,"
                      + " updated_at = now() where provider_config.project_id = excluded.project_id")) {
            Jdbc.bind(ps, id, project, providerName, sealedKey, jdbc.write(extra));
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          for (String model : models) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "insert into provider_config_model (id, provider_config_id, name)"
                        + " values (?, ?, ?) on conflict (provider_config_id, name) do nothing")) {
              Jdbc.bind(ps, UUID.randomUUID(), id, model);
              ps.executeUpdate();
            }
          }
          return true;
        });
  }

  boolean delete(UUID project, UUID id) {
    return jdbc.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("delete from provider_config where project_id = ? and id = ?")) {
            Jdbc.bind(ps, project, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  List<ModelRow> models(UUID project) {
    return jdbc.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select m.id, m.name, m.provider_config_id, p.provider_name"
                      + " from provider_config_model m join provider_config p"
                      + " on p.id = m.provider_config_id where p.project_id = ?"
                      + " order by m.created_at, m.name")) {
            Jdbc.bind(ps, project);
            try (ResultSet rs = ps.executeQuery()) {
              List<ModelRow> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new ModelRow(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getString(4)));
              }
              return out;
            }
          }
        });
  }

  private List<Row> rows(Connection c, String where, Object... args) throws SQLException {
    Map<UUID, List<String>> models = new LinkedHashMap<>();
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select id, project_id, provider_name, api_key, extra_config, created_at, updated_at"
                + " from provider_config "
                + where)) {
      Jdbc.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject("id", UUID.class);
          List<String> names = new ArrayList<>();
          models.put(id, names);
          out.add(
              new Row(
                  id,
                  rs.getObject("project_id", UUID.class),
                  rs.getString("provider_name"),
                  rs.getString("api_key"),
                  jdbc.parse(rs.getString("extra_config")),
                  names,
                  Jdbc.instant(rs, "created_at"),
                  Jdbc.instant(rs, "updated_at")));
        }
      }
    }
    if (!models.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "select provider_config_id, name from provider_config_model"
                  + " where provider_config_id = any(?) order by created_at, name")) {
        ps.setArray(1, c.createArrayOf("uuid", models.keySet().toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            models.get(rs.getObject(1, UUID.class)).add(rs.getString(2));
          }
        }
      }
    }
    return out;
  }
}
