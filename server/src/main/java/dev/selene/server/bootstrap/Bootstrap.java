package dev.selene.server.bootstrap;

import com.password4j.Password;
import dev.selene.server.config.SeleneConfig.BootstrapConfig;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless first run: on a database with no organisation, creates the default organisation, project
 * (with its public, private and org keys) and admin account. Keys and the admin password that were
 * generated rather than configured are printed once, to standard output only.
 *
 * <p>On later starts, configured keys are (re)applied to the default project, so automation can pin
 * them.
 */
public final class Bootstrap {
  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private final DataSource db;
  private final BootstrapConfig config;

  public Bootstrap(DataSource db, BootstrapConfig config) {
    this.db = db;
    this.config = config;
  }

  /** Returns the default project's id. */
  public UUID run() {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(424242)")) {
        lock.execute();
      }
      Optional<UUID> existing = defaultProject(c);
      UUID project = existing.isPresent() ? existing.get() : createDefaults(c);
      if (existing.isPresent()) {
        applyConfiguredKeys(c, project);
      }
      c.commit();
      return project;
    } catch (SQLException e) {
      throw new IllegalStateException("Bootstrap failed", e);
    }
  }

  private static Optional<UUID> defaultProject(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select id from project order by created_at, id limit 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
    }
  }

  private UUID createDefaults(Connection c) throws SQLException {
    UUID org = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    update(c, "insert into org (id, name) values (?, ?)", org, "Default organization");
    update(
        c,
        "insert into project (id, name, org_id) values (?, ?, ?)",
        project,
        "Default project",
        org);

    // As in Lunary, a project's public key defaults to its id.
    String publicKey = config.projectPublicKey().orElse(project.toString());
    String privateKey = config.projectPrivateKey().orElse(UUID.randomUUID().toString());
    String orgKey = UUID.randomUUID().toString();
    insertKey(c, "public", publicKey, project, org);
    insertKey(c, "private", privateKey, project, org);
    insertKey(c, "org_private", orgKey, null, org);

    String password = config.adminPassword().orElseGet(Bootstrap::randomPassword);
    UUID account = UUID.randomUUID();
    update(
        c,
        "insert into account (id, email, password_hash, name, org_id, role) values (?, ?, ?, ?, ?, 'owner')",
        account,
        config.adminEmail(),
        Password.hash(password).addRandomSalt().withArgon2().getResult(),
        "Admin",
        org);
    update(
        c, "insert into account_project (account_id, project_id) values (?, ?)", account, project);
    log.info("Fresh database: created the default organization, project and admin account");
    printOnce(publicKey, privateKey, orgKey, password);
    return project;
  }

  private void printOnce(String publicKey, String privateKey, String orgKey, String password) {
    // Generated secrets go to stdout once, never to the log.
    StringBuilder out = new StringBuilder("\n=== Selene first start ===\n");
    out.append("Admin login:        ").append(config.adminEmail()).append('\n');
    if (config.adminPassword().isEmpty()) {
      out.append("Admin password:     ").append(password).append("  (generated, shown once)\n");
    }
    if (config.projectPublicKey().isEmpty()) {
      out.append("Project public key: ").append(publicKey).append('\n');
    }
    if (config.projectPrivateKey().isEmpty()) {
      out.append("Project private key: ").append(privateKey).append("  (generated, shown once)\n");
    }
    out.append("Org private key:    ").append(orgKey).append("  (generated, shown once)\n");
    out.append("==========================\n");
    System.out.println(out);
  }

  private void applyConfiguredKeys(Connection c, UUID project) throws SQLException {
    if (config.projectPublicKey().isPresent()) {
      replaceKey(c, project, "public", config.projectPublicKey().get());
    }
    if (config.projectPrivateKey().isPresent()) {
      replaceKey(c, project, "private", config.projectPrivateKey().get());
    }
  }

  private static void replaceKey(Connection c, UUID project, String type, String key)
      throws SQLException {
    update(
        c,
        "update api_key set api_key = ? where project_id = ? and type = ? and api_key <> ?",
        key,
        project,
        type,
        key);
  }

  private static void insertKey(Connection c, String type, String key, UUID project, UUID org)
      throws SQLException {
    update(
        c,
        "insert into api_key (type, api_key, project_id, org_id) values (?, ?, ?, ?)",
        type,
        key,
        project,
        org);
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
