package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {
  enum Color {
    RED
  }

  record Point(int x, List<String> labels) {}

  @Test
  void write_javaValues_asJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\u0001");
    m.put("i", 42);
    m.put("d", 0.5);
    m.put("whole", 2.0);
    m.put("b", true);
    m.put("n", null);
    m.put("list", List.of(1, "x"));
    m.put("array", new int[] {1, 2});
    m.put("enum", Color.RED);
    m.put("uuid", UUID.fromString("11111111-2222-4333-8444-555555555555"));
    m.put("instant", Instant.parse("2025-01-01T10:00:00Z"));
    m.put("optional", Optional.of("o"));
    m.put("record", new Point(1, List.of("a")));

    assertThat(Json.write(m))
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"i\":42,\"d\":0.5,\"whole\":2,\"b\":true,\"n\":null,"
                + "\"list\":[1,\"x\"],\"array\":[1,2],\"enum\":\"RED\","
                + "\"uuid\":\"11111111-2222-4333-8444-555555555555\","
                + "\"instant\":\"2025-01-01T10:00:00Z\",\"optional\":\"o\","
                + "\"record\":{\"x\":1,\"labels\":[\"a\"]}}");
  }

  @Test
  void write_cyclicValue_cutAtMaxDepth() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("self", m);
    assertThat(Json.write(m)).contains("\"[max depth]\"");
  }

  @Test
  void parse_document_givesMapsListsAndScalars() {
    Object v = Json.parse(" {\"a\":[1,2.5,\"x\\u00e9\",true,null],\"b\":{}} ");
    assertThat(v)
        .isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, "xé", true, null), "b", Map.of()));
  }

  @Test
  void parse_roundTripsWhatWriteProduces() {
    Map<String, Object> m = Map.of("k", List.of("v", 1L, Map.of("n", false)));
    assertThat(Json.parse(Json.write(m))).isEqualTo(m);
  }

  @Test
  void parse_invalid_failsWithOffset() {
    assertThatThrownBy(() -> Json.parse("{\"a\":}")).hasMessageContaining("offset 5");
    assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
  }
}
