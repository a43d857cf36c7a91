package dev.selene.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole server configuration: one immutable tree, built once at start by {@link ConfigLoader}
 * and never changed afterwards.
 */
public record SeleneConfig(
    int port,
    DatabaseConfig database,
    BootstrapConfig bootstrap,
    IngestConfig ingest,
    String jwtSecret,
    int otlpGrpcPort,
    RollupConfig rollups) {

  /** Where the data lives: an external PostgreSQL, or an embedded one in {@code dataDir}. */
  public record DatabaseConfig(
      Optional<String> jdbcUrl,
      Optional<String> user,
      Optional<String> password,
      Path dataDir,
      boolean durable,
      int poolSize) {

    public boolean embedded() {
      return jdbcUrl.isEmpty();
    }
  }

  /** Values used once, on a fresh database, to create the default org, project and admin. */
  public record BootstrapConfig(
      Optional<String> projectPublicKey,
      Optional<String> projectPrivateKey,
      String adminEmail,
      Optional<String> adminPassword) {}

  /** Limits and sizing of the group-commit ingestion pipeline. */
  public record IngestConfig(
      int queueCapacity,
      int maxBatchEvents,
      int lingerMillis,
      long maxBodyBytes,
      int maxEventsPerRequest,
      int maxJsonDepth,
      int maxStringLength) {}

  /** The analytics rollup worker: how often it looks for changed hours to re-aggregate. */
  public record RollupConfig(long intervalMillis) {}
}
