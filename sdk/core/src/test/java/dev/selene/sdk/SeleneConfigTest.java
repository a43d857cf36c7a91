package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeleneConfigTest {
  @Test
  void fromEnvironment_lunaryVariables_read() {
    SeleneConfig c =
        SeleneConfig.fromEnvironment(
            Map.of(
                "LUNARY_API_URL", "http://localhost:3333/",
                "LUNARY_PUBLIC_KEY", "pk",
                "LUNARY_VERBOSE", "true"));

    assertThat(c.apiUrl()).isEqualTo("http://localhost:3333");
    assertThat(c.key()).isEqualTo("pk");
    assertThat(c.verbose()).isTrue();
    assertThat(c.enabled()).isTrue();
  }

  @Test
  void fromEnvironment_privateKeyPresent_preferredOverPublicKey() {
    SeleneConfig c =
        SeleneConfig.fromEnvironment(
            Map.of("LUNARY_PUBLIC_KEY", "pub", "LUNARY_PRIVATE_KEY", "priv"));
    assertThat(c.key()).isEqualTo("priv");
  }

  @Test
  void fromEnvironment_seleneVariables_winOverLunaryOnes() {
    SeleneConfig c =
        SeleneConfig.fromEnvironment(
            Map.of(
                "LUNARY_API_URL", "http://lunary",
                "SELENE_API_URL", "http://selene",
                "LUNARY_PUBLIC_KEY", "lunary-key",
                "SELENE_PUBLIC_KEY", "selene-key"));
    assertThat(c.apiUrl()).isEqualTo("http://selene");
    assertThat(c.key()).isEqualTo("selene-key");
  }

  @Test
  void fromEnvironment_olderNames_readAfterTheCurrentOnes() {
    SeleneConfig old =
        SeleneConfig.fromEnvironment(
            Map.of("LLMONITOR_API_URL", "http://old", "LLMONITOR_APP_ID", "app-1"));
    assertThat(old.apiUrl()).isEqualTo("http://old");
    assertThat(old.key()).isEqualTo("app-1");

    SeleneConfig both =
        SeleneConfig.fromEnvironment(
            Map.of(
                "LUNARY_PUBLIC_KEY", "pk",
                "LUNARY_APP_ID", "app-2",
                "LUNARY_API_URL", "http://new",
                "LLMONITOR_API_URL", "http://old"));
    assertThat(both.key()).isEqualTo("pk");
    assertThat(both.apiUrl()).isEqualTo("http://new");
  }

  @Test
  void fromEnvironment_disableSslVerify_onlyForTrue() {
    assertThat(SeleneConfig.fromEnvironment(Map.of("DISABLE_SSL_VERIFY", "True")).sslVerify())
        .isFalse();
    assertThat(SeleneConfig.fromEnvironment(Map.of("DISABLE_SSL_VERIFY", "no")).sslVerify())
        .isTrue();
    assertThat(SeleneConfig.fromEnvironment(Map.of()).sslVerify()).isTrue();
  }

  @Test
  void fromEnvironment_nothingSet_disabledWithLunaryCloudDefault() {
    SeleneConfig c = SeleneConfig.fromEnvironment(Map.of("LUNARY_PUBLIC_KEY", "  "));
    assertThat(c.enabled()).isFalse();
    assertThat(c.apiUrl()).isEqualTo("https://api.lunary.ai");
  }

  @Test
  void build_impossibleValues_refusedNamingTheSetting() {
    assertThatThrownBy(() -> SeleneConfig.builder().queueCapacity(0).build())
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> SeleneConfig.builder().flushInterval(Duration.ZERO).build())
        .hasMessageContaining("flushInterval");
    assertThatThrownBy(() -> SeleneConfig.builder().maxRetries(-1).build())
        .hasMessageContaining("maxRetries");
  }

  @Test
  void toString_masksTheKey() {
    assertThat(SeleneConfig.builder().privateKey("secret-key-123").build().toString())
        .contains("secr****")
        .doesNotContain("secret-key-123");
  }
}
