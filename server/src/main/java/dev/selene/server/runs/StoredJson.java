package dev.selene.server.runs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Reads JSON that PostgreSQL hands back. It was validated when it was written, so the request
 * limits of the ingest parser do not apply here: a stored value is always readable.
 */
final class StoredJson {
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength(Integer.MAX_VALUE)
                          .maxNestingDepth(10_000)
                          .maxNumberLength(10_000)
                          .build())
                  .build())
          .build();

  private StoredJson() {}

  /** The parsed value, or JSON null for SQL null. */
  static JsonNode parse(String text) {
    if (text == null) {
      return NullNode.getInstance();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("PostgreSQL returned invalid JSON", e);
    }
  }
}
