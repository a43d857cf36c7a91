package dev.selene.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  @Test
  void defaults_portAndEmbeddedDurableDatabase() {
    SeleneConfig config = ConfigLoader.load(Map.of());
    assertThat(config.port()).isEqualTo(3333);
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.database().durable()).isTrue();
    assertThat(config.database().dataDir().toString()).endsWith("data");
    assertThat(config.otlpGrpcPort()).isEqualTo(4317);
  }

  @Test
  void databaseUrl_lunaryStyle_becomesJdbcWithSeparateCredentials() {
    SeleneConfig config =
        ConfigLoader.load(
            Map.of(
                "DATABASE_URL",
                "postgres://lunary:p%40ss@db.internal:5433/lunary?sslmode=require"));
    assertThat(config.database().embedded()).isFalse();
    assertThat(config.database().jdbcUrl())
        .contains("jdbc:postgresql://db.internal:5433/lunary?sslmode=require");
    assertThat(config.database().user()).contains("lunary");
    assertThat(config.database().password()).contains("p@ss");
  }

  @Test
  void invalidPort_refusesToStartNamingTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("PORT must be an integer, got 'http'");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("PORT", "70000")))
        .hasMessageContaining("PORT must be between 0 and 65535");
  }

  @Test
  void moreIngestWritersThanThePoolLeavesRoomFor_refusesToStartNamingBoth() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SELENE_INGEST_WRITERS", "9")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SELENE_INGEST_WRITERS (9)")
        .hasMessageContaining("SELENE_DB_POOL_SIZE (10)");
    assertThat(
            ConfigLoader.load(Map.of("SELENE_INGEST_WRITERS", "9", "SELENE_DB_POOL_SIZE", "11"))
                .ingest()
                .writers())
        .isEqualTo(9);
  }

  @Test
  void unsupportedDatabaseUrl_refusesToStart() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("DATABASE_URL", "mysql://x/y")))
        .hasMessageContaining("DATABASE_URL must start with postgres://");
  }

  @Test
  void summary_masksSecrets() {
    SeleneConfig config =
        ConfigLoader.load(
            Map.of(
                "JWT_SECRET", "super-secret-value",
                "DATABASE_URL", "jdbc:postgresql://db/selene?user=u&password=hunter2"));
    assertThat(config.summary()).doesNotContain("super-secret-value").doesNotContain("hunter2");
    assertThat(config.toString()).doesNotContain("super-secret-value");
  }
}
