package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RunIdsPropertiesTest {
  @Test
  void fromSeed_matchesLunarysUuidFromSeed() {
    // Values computed with the reference algorithm (sha256, then 8-4-4-4-12 with '4' and 'a').
    assertThat(RunIds.normalize("call-42")).hasToString("1f8806be-cd73-48e7-a0f6-20f0907766d7");
    assertThat(RunIds.normalize("run-abc")).hasToString("fccb04a3-43a2-4038-aa0f-a6bb8003bc0a");
  }

  @Test
  void nonRfcUuidsFromTheJsSdk_areKeptAsSent() {
    assertThat(RunIds.normalize("963b7557-db0d-4646-c727-141b846fe73a"))
        .hasToString("963b7557-db0d-4646-c727-141b846fe73a");
  }

  @Property
  void anyUuid_isKeptAsIs(@ForAll("uuids") UUID id) {
    assertThat(RunIds.normalize(id.toString())).isEqualTo(id);
  }

  @Property
  void anyOtherString_mapsDeterministicallyToAVersion4LookingUuid(
      @ForAll @StringLength(min = 1, max = 80) String raw) {
    UUID id = RunIds.normalize(raw);
    assertThat(id).isEqualTo(RunIds.normalize(raw));
    if (raw.length() != 36) {
      assertThat(id.toString().charAt(14)).isEqualTo('4');
      assertThat(id.toString().charAt(19)).isEqualTo('a');
    }
  }

  @Property
  void thirtySixCharacterIds_areKeptExactlyWhenTheyAreHexUuidsInAnyCase(
      @ForAll("almostUuids") String raw) {
    UUID expected =
        raw.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
            ? UUID.fromString(raw)
            : RunIds.fromSeed(raw);
    assertThat(RunIds.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void uppercaseUuids_areTheSameRunAsLowercase_andNearMissesAreSeeds() {
    assertThat(RunIds.normalize("963B7557-DB0D-4646-C727-141B846FE73A"))
        .hasToString("963b7557-db0d-4646-c727-141b846fe73a");
    assertThat(RunIds.normalize("963b7557-db0d-4646-c727-141b846fe73g"))
        .isEqualTo(RunIds.fromSeed("963b7557-db0d-4646-c727-141b846fe73g"));
    assertThat(RunIds.normalize("963b7557db0d-4646-c727-141b846fe73a0"))
        .isEqualTo(RunIds.fromSeed("963b7557db0d-4646-c727-141b846fe73a0"));
  }

  @Property
  void camelCase_keysWithoutSeparators_areUnchanged(@ForAll @StringLength(max = 30) String key) {
    String plain = key.replace("_", "").replace("-", "");
    assertThat(CamelCase.key(plain)).isSameAs(plain);
  }

  @Test
  void camelCase_followsLunarysRule() {
    assertThat(CamelCase.key("tool_calls")).isEqualTo("toolCalls");
    assertThat(CamelCase.key("parent_run_id")).isEqualTo("parentRunId");
    assertThat(CamelCase.key("user-id")).isEqualTo("userId");
    assertThat(CamelCase.key("gen_ai_1")).isEqualTo("genAi_1");
    assertThat(CamelCase.key("a__b")).isEqualTo("a_B");
  }

  /** UUID-shaped strings with some characters swapped for dashes, non-hex letters or digits. */
  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> almostUuids() {
    return net.jqwik.api.Arbitraries.randomValue(
        r -> {
          char[] c = new UUID(r.nextLong(), r.nextLong()).toString().toCharArray();
          if (r.nextBoolean()) {
            c = new String(c).toUpperCase().toCharArray();
          }
          String swaps = "-gG9aF٠";
          for (int n = r.nextInt(3); n > 0; n--) {
            c[r.nextInt(c.length)] = swaps.charAt(r.nextInt(swaps.length()));
          }
          return new String(c);
        });
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<UUID> uuids() {
    return net.jqwik.api.Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()));
  }
}
