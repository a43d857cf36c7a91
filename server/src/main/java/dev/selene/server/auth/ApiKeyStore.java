package dev.selene.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Resolves API keys to principals. Lookups are cached briefly per process (a rotated key stops
 * working within {@link #TTL} on every replica).
 */
public final class ApiKeyStore {
  static final Duration TTL = Duration.ofSeconds(30);

  private final DataSource db;
  private final Cache<String, Optional<Principal>> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();

  public ApiKeyStore(DataSource db) {
    this.db = db;
  }

  public Optional<Principal> find(String key) {
    return cache.get(key, this::load);
  }

  public void invalidateAll() {
    cache.invalidateAll();
  }

  private Optional<Principal> load(String key) {
    try (Connection c = db.getConnection()) {
      Optional<Principal> found = byKey(c, key);
      return found.isPresent() ? found : legacyProjectId(c, key);
    } catch (SQLException e) {
      throw new IllegalStateException("API key lookup failed", e);
    }
  }

  private static Optional<Principal> byKey(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select type, org_id, project_id from api_key where api_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Principal(
                KeyKind.fromColumn(rs.getString(1)),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                null));
      }
    }
  }

  /** Lunary's legacy rule: a project's id is also accepted as its public key. */
  private static Optional<Principal> legacyProjectId(Connection c, String key) throws SQLException {
    UUID id;
    try {
      id = UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement("select org_id from project where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Principal(KeyKind.PUBLIC, rs.getObject(1, UUID.class), id, null))
            : Optional.empty();
      }
    }
  }
}
