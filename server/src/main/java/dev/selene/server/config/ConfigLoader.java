package dev.selene.server.config;

import dev.selene.server.config.SeleneConfig.BootstrapConfig;
import dev.selene.server.config.SeleneConfig.DatabaseConfig;
import dev.selene.server.config.SeleneConfig.IngestConfig;
import dev.selene.server.config.SeleneConfig.PlaygroundConfig;
import dev.selene.server.config.SeleneConfig.RollupConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@link SeleneConfig} from environment variables. Names follow Lunary's self-hosting docs
 * where they exist ({@code PORT}, {@code DATABASE_URL}, {@code JWT_SECRET}); Selene's own settings
 * are {@code SELENE_*}. Impossible values refuse to start with a message naming the variable.
 */
public final class ConfigLoader {
  private final Map<String, String> env;

  private ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  public static SeleneConfig fromEnvironment() {
    return load(System.getenv());
  }

  public static SeleneConfig load(Map<String, String> env) {
    return new ConfigLoader(env).build();
  }

  private SeleneConfig build() {
    DatabaseConfig database = database();
    int writers = intValue("SELENE_INGEST_WRITERS", 2, 1, 32);
    // Each writer holds a connection while it writes; requests and the rest need some too.
    if (writers > database.poolSize() - 2) {
      throw new ConfigException(
          "SELENE_INGEST_WRITERS ("
              + writers
              + ") must be at least 2 below SELENE_DB_POOL_SIZE ("
              + database.poolSize()
              + "), or requests wait for connections the writers hold");
    }
    return new SeleneConfig(
        intValue("PORT", 3333, 0, 65535),
        database,
        new BootstrapConfig(
            text("SELENE_PROJECT_PUBLIC_KEY"),
            text("SELENE_PROJECT_PRIVATE_KEY"),
            text("SELENE_ADMIN_EMAIL").orElse("admin@selene.local"),
            text("SELENE_ADMIN_PASSWORD")),
        new IngestConfig(
            intValue("SELENE_INGEST_QUEUE_CAPACITY", 200_000, 100, 10_000_000),
            intValue("SELENE_INGEST_MAX_BATCH_EVENTS", 5_000, 1, 100_000),
            intValue("SELENE_INGEST_LINGER_MS", 0, 0, 1_000),
            writers,
            longValue("SELENE_MAX_BODY_BYTES", 20L * 1024 * 1024, 1024, 1024L * 1024 * 1024),
            intValue("SELENE_MAX_EVENTS_PER_REQUEST", 10_000, 1, 1_000_000),
            intValue("SELENE_MAX_JSON_DEPTH", 64, 4, 1_000),
            intValue("SELENE_MAX_STRING_LENGTH", 5_000_000, 1_000, 100_000_000)),
        text("JWT_SECRET").orElseGet(ConfigLoader::randomSecret),
        intValue("SELENE_OTLP_GRPC_PORT", 4317, 0, 65535),
        playground(),
        new RollupConfig(longValue("SELENE_ROLLUP_INTERVAL_MS", 1_000, 10, 3_600_000)));
  }

  /** Prefixes of the provider variables the playground reads (names of the self-hosting docs). */
  private static final List<String> PROVIDER_PREFIXES =
      List.of(
          "OPENAI_", "ANTHROPIC_", "AZURE_OPENAI_", "OPENROUTER_", "MISTRAL_", "OLLAMA_", "XAI_");

  private PlaygroundConfig playground() {
    Optional<String> secretKey = text("SELENE_SECRET_KEY");
    if (secretKey.isPresent() && secretKey.get().length() < 16) {
      throw new ConfigException("SELENE_SECRET_KEY must be at least 16 characters");
    }
    Map<String, String> providers = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (PROVIDER_PREFIXES.stream().anyMatch(name::startsWith)
              && value != null
              && !value.isBlank()) {
            providers.put(name, value.trim());
          }
        });
    return new PlaygroundConfig(
        secretKey,
        providers,
        Duration.ofSeconds(intValue("SELENE_PLAYGROUND_TIMEOUT_SECONDS", 60, 1, 3600)));
  }

  private DatabaseConfig database() {
    Optional<String> url = text("DATABASE_URL");
    Path dataDir = Path.of(text("SELENE_DATA_DIR").orElse("./data")).toAbsolutePath().normalize();
    int poolSize = intValue("SELENE_DB_POOL_SIZE", 10, 2, 200);
    boolean durable = bool("SELENE_EMBEDDED_DURABLE", true);
    if (url.isEmpty()) {
      return new DatabaseConfig(
          Optional.empty(), Optional.empty(), Optional.empty(), dataDir, durable, poolSize);
    }
    return parseDatabaseUrl(url.get(), dataDir, durable, poolSize);
  }

  /**
   * Accepts {@code postgres://user:pass@host:port/db?params} (Lunary's form), {@code
   * postgresql://...} and plain {@code jdbc:postgresql://...}.
   */
  static DatabaseConfig parseDatabaseUrl(String url, Path dataDir, boolean durable, int pool) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new DatabaseConfig(
          Optional.of(url), Optional.empty(), Optional.empty(), dataDir, durable, pool);
    }
    if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
      throw new ConfigException(
          "DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql://");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DATABASE_URL is not a valid URL: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new ConfigException("DATABASE_URL has no host");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        password = Optional.of(decode(userInfo.substring(colon + 1)));
      }
    }
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String jdbc = "jdbc:postgresql://" + uri.getHost() + port + path + query;
    return new DatabaseConfig(Optional.of(jdbc), user, password, dataDir, durable, pool);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private Optional<String> text(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private int intValue(String name, int fallback, int min, int max) {
    return (int) longValue(name, fallback, min, max);
  }

  private long longValue(String name, long fallback, long min, long max) {
    Optional<String> raw = text(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer, got '" + raw.get() + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private boolean bool(String name, boolean fallback) {
    Optional<String> raw = text(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().toLowerCase()) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
    };
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
