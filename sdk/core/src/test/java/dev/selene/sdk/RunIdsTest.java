package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunIdsTest {
  @Test
  void newRunId_isAVersion7UuidCarryingTheCurrentTime() {
    long before = System.currentTimeMillis();
    UUID id = UUID.fromString(Selene.newRunId());
    long after = System.currentTimeMillis();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
  }

  @Test
  void newRunId_manyThreads_allDistinct() {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 200_000).parallel().forEach(i -> ids.add(Selene.newRunId()));
    assertThat(ids).hasSize(200_000);
  }
}
