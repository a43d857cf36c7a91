package dev.selene.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.selene.server.config.SeleneConfig.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the server runs on: an external one named by {@code DATABASE_URL}, or an embedded
 * real PostgreSQL whose files live in {@code SELENE_DATA_DIR}. The schema is migrated at start.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final EmbeddedPostgres embedded;
  private final HikariDataSource pool;
  private final HikariDataSource background;

  private Database(EmbeddedPostgres embedded, HikariDataSource pool, HikariDataSource background) {
    this.embedded = embedded;
    this.pool = pool;
    this.background = background;
  }

  public static Database open(DatabaseConfig config) {
    EmbeddedPostgres embedded = config.embedded() ? startEmbedded(config) : null;
    HikariConfig hikari = new HikariConfig();
    if (embedded != null) {
      hikari.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
    } else {
      hikari.setJdbcUrl(config.jdbcUrl().orElseThrow());
      config.user().ifPresent(hikari::setUsername);
      config.password().ifPresent(hikari::setPassword);
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("selene-db");
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("ApplicationName", "selene");
    HikariDataSource pool;
    HikariDataSource background;
    try {
      pool = new HikariDataSource(hikari);
      background = backgroundPool(hikari, embedded != null);
    } catch (RuntimeException e) {
      closeQuietly(embedded);
      throw e;
    }
    Database db = new Database(embedded, pool, background);
    db.migrate();
    return db;
  }

  /**
   * Connections for background work (the analytics rollups), apart from the ones requests and
   * ingestion use; on the embedded database their backends run at the lowest CPU priority.
   */
  private static HikariDataSource backgroundPool(HikariConfig main, boolean local) {
    HikariConfig config = new HikariConfig();
    main.copyStateTo(config);
    config.setPoolName("selene-background");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    return local ? new BackgroundPriority.Pool(config) : new HikariDataSource(config);
  }

  private static EmbeddedPostgres startEmbedded(DatabaseConfig config) {
    try {
      Files.createDirectories(config.dataDir());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(config.dataDir().resolve("pg"))
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "100")
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("work_mem", "16MB");
      // The embedded library defaults to fsync=off and synchronous_commit=off, which lose
      // acknowledged data on a crash. Production mode keeps PostgreSQL's durable defaults.
      String durable = config.durable() ? "on" : "off";
      builder
          .setServerConfig("fsync", durable)
          .setServerConfig("synchronous_commit", durable)
          .setServerConfig("full_page_writes", durable);
      EmbeddedPostgres pg = builder.start();
      log.info(
          "Embedded PostgreSQL started on port {} (data in {}, durable={})",
          pg.getPort(),
          config.dataDir(),
          config.durable());
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  private void migrate() {
    var result =
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    log.info(
        "Database schema at version {} ({} migrations applied)",
        result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** For background work only (see {@link #backgroundPool}). */
  public DataSource backgroundDataSource() {
    return background;
  }

  /** True when a trivial query succeeds: what {@code /v1/health} reports. */
  public boolean isReachable() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("select 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    background.close();
    pool.close();
    closeQuietly(embedded);
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    if (pg == null) {
      return;
    }
    try {
      pg.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
