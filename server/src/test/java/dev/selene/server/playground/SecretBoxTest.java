package dev.selene.server.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private final SecretBox box = new SecretBox("a-server-secret-of-some-length");
  private final UUID project = UUID.randomUUID();

  @Test
  void seal_thenOpen_returnsTheSecretAndNeverStoresItInClear() {
    String sealed = box.seal(project, "sk-live-123456");
    assertThat(sealed).startsWith("v1:").doesNotContain("sk-live");
    assertThat(box.open(project, sealed)).contains("sk-live-123456");
  }

  @Test
  void seal_sameSecretTwice_givesDifferentCiphertexts() {
    assertThat(box.seal(project, "x")).isNotEqualTo(box.seal(project, "x"));
  }

  @Test
  void open_otherProjectOrOtherServerSecretOrGarbage_isEmpty() {
    String sealed = box.seal(project, "secret");
    assertThat(box.open(UUID.randomUUID(), sealed)).isEmpty();
    assertThat(new SecretBox("another-server-secret-value").open(project, sealed)).isEmpty();
    assertThat(box.open(project, "v1:bm90LWEtc2VhbGVkLXZhbHVl")).isEmpty();
    assertThat(box.open(project, "plain")).isEmpty();
  }

  @Test
  void mask_showsAtMostTheLastFourCharacters() {
    assertThat(SecretBox.mask("sk-1234567890abcd")).isEqualTo("****abcd");
    assertThat(SecretBox.mask("short")).isEqualTo("****");
  }
}
