package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One provider wire protocol: how to ask, and how to read a whole or streamed answer. */
interface ChatProtocol {
  ObjectNode body(ChatRequest request);

  /** Reads a complete (non-streamed) answer; {@link IllegalArgumentException} when malformed. */
  ChatResult parse(JsonNode response);

  /**
   * Handles the events of a streamed answer, feeding {@code into}. Throws {@link
   * IllegalArgumentException} for a malformed event and {@link UpstreamException} for an error the
   * provider reports inside the stream.
   */
  SseReader.Listener streamListener(ChatAccumulator into, String upstream);

  static JsonNode json(ObjectMapper json, String data) {
    try {
      return json.readTree(data);
    } catch (Exception e) {
      throw new IllegalArgumentException("an event is not JSON: " + shorten(data));
    }
  }

  static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
