package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP {@code AnyValue}s as JSON: arrays stay arrays, key-value lists become objects. */
final class AnyValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnyValues() {}

  static Map<String, JsonNode> attributes(List<KeyValue> keyValues) {
    Map<String, JsonNode> out = new LinkedHashMap<>(keyValues.size() * 2);
    for (KeyValue kv : keyValues) {
      JsonNode value = json(kv.getValue());
      if (value != null) {
        out.put(kv.getKey(), value);
      }
    }
    return out;
  }

  /** The value as JSON, or null when the value is empty (not set). */
  static JsonNode json(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> NODES.textNode(v.getStringValue());
      case BOOL_VALUE -> NODES.booleanNode(v.getBoolValue());
      case INT_VALUE -> NODES.numberNode(v.getIntValue());
      case DOUBLE_VALUE -> NODES.numberNode(v.getDoubleValue());
      case BYTES_VALUE ->
          NODES.textNode(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        ArrayNode array = NODES.arrayNode();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          JsonNode j = json(item);
          array.add(j == null ? NODES.nullNode() : j);
        }
        yield array;
      }
      case KVLIST_VALUE -> {
        ObjectNode object = NODES.objectNode();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          JsonNode j = json(kv.getValue());
          object.set(kv.getKey(), j == null ? NODES.nullNode() : j);
        }
        yield object;
      }
      case VALUE_NOT_SET -> null;
    };
  }
}
