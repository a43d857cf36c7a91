package dev.selene.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
    PlaygroundConfig playground,
    RollupConfig rollups) {

  /** The effective configuration for the start-up log: secrets and credentials never appear. */
  public String summary() {
    return "port="
        + port
        + " database="
        + (database.embedded()
            ? "embedded(dataDir=" + database.dataDir() + ", durable=" + database.durable() + ")"
            : "external("
                + database.jdbcUrl().orElse("").replaceAll("(?i)(password=)[^&]*", "$1****")
                + ", user="
                + database.user().orElse("")
                + ")")
        + " pool="
        + database.poolSize()
        + " ingest="
        + ingest
        + " otlpGrpcPort="
        + otlpGrpcPort
        + " rollupIntervalMs="
        + rollups.intervalMillis()
        + " jwtSecret=****";
  }

  @Override
  public String toString() {
    return "SeleneConfig{" + summary() + "}";
  }

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
      int writers,
      long maxBodyBytes,
      int maxEventsPerRequest,
      int maxJsonDepth,
      int maxStringLength) {}

  /**
   * The prompt playground: {@code secretKey} ({@code SELENE_SECRET_KEY}) encrypts stored endpoint
   * and provider secrets (falls back to {@code JWT_SECRET}); {@code providerEnv} holds the provider
   * variables of the self-hosting docs ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code
   * AZURE_OPENAI_*}, ...); {@code timeout} bounds every wait on a provider or custom endpoint.
   */
  public record PlaygroundConfig(
      Optional<String> secretKey, Map<String, String> providerEnv, Duration timeout) {
    public PlaygroundConfig {
      providerEnv = Map.copyOf(providerEnv);
    }

    /** Never prints secrets: only which variables are set. */
    @Override
    public String toString() {
      return "PlaygroundConfig[secretKey="
          + (secretKey.isPresent() ? "****" : "unset")
          + ", providerEnv="
          + new java.util.TreeSet<>(providerEnv.keySet())
          + ", timeout="
          + timeout
          + "]";
    }
  }

  /** The analytics rollup worker: how often it looks for changed hours to re-aggregate. */
  public record RollupConfig(long intervalMillis) {}
}
