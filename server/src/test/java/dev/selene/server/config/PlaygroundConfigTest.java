package dev.selene.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selene.server.config.SeleneConfig.PlaygroundConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaygroundConfigTest {
  @Test
  void providerVariables_areKeptAndNeverPrinted() {
    PlaygroundConfig config =
        ConfigLoader.load(
                Map.of(
                    "OPENAI_API_KEY", "sk-secret-value",
                    "AZURE_OPENAI_RESOURCE_NAME", "acme",
                    "SELENE_SECRET_KEY", "a-long-enough-secret",
                    "HOME", "/root"))
            .playground();
    assertThat(config.providerEnv())
        .containsEntry("OPENAI_API_KEY", "sk-secret-value")
        .containsEntry("AZURE_OPENAI_RESOURCE_NAME", "acme")
        .doesNotContainKey("HOME");
    assertThat(config.secretKey()).contains("a-long-enough-secret");
    assertThat(config.toString())
        .contains("OPENAI_API_KEY")
        .doesNotContain("sk-secret-value")
        .doesNotContain("a-long-enough-secret");
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shortSecretKeyOrBadTimeout_refuseToStartNamingTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SELENE_SECRET_KEY", "short")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SELENE_SECRET_KEY must be at least 16 characters");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SELENE_PLAYGROUND_TIMEOUT_SECONDS", "0")))
        .hasMessageContaining("SELENE_PLAYGROUND_TIMEOUT_SECONDS must be between 1 and 3600");
  }
}
