package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Groups a thread's messages into exchanges, one chat run each: input-side messages (user, system)
 * open an exchange once the previous one has a reply; replies (assistant, tool, bot, any other
 * role) are appended to the current exchange. As in Lunary, an exchange is keyed by its latest
 * message id, so feedback sent on the assistant reply's id lands on the exchange.
 */
final class ChatExchanges {
  private static final Set<String> INPUT_ROLES = Set.of("user", "system");

  record Message(
      UUID messageId,
      String role,
      Instant createdAt,
      ObjectNode message,
      ObjectNode feedback,
      Long externalUserId) {}

  static final class Exchange {
    final List<Message> messages = new ArrayList<>();
    final ArrayNode input = JsonNodeFactory.instance.arrayNode();
    final ArrayNode output = JsonNodeFactory.instance.arrayNode();

    UUID id() {
      return messages.get(messages.size() - 1).messageId();
    }

    Instant createdAt() {
      return messages.get(0).createdAt();
    }

    Instant endedAt() {
      return messages.get(messages.size() - 1).createdAt();
    }
  }

  private ChatExchanges() {}

  static List<Exchange> group(List<Message> messages) {
    List<Message> ordered = new ArrayList<>(messages);
    ordered.sort(
        Comparator.comparing(Message::createdAt)
            .thenComparing(m -> INPUT_ROLES.contains(m.role()) ? 0 : 1));
    List<Exchange> exchanges = new ArrayList<>();
    Exchange current = null;
    for (Message m : ordered) {
      boolean isInput = INPUT_ROLES.contains(m.role());
      if (current == null || (isInput && !current.output.isEmpty())) {
        current = new Exchange();
        exchanges.add(current);
      }
      current.messages.add(m);
      (isInput ? current.input : current.output).add(coreMessage(m.message()));
    }
    return exchanges;
  }

  /**
   * The message as stored on the chat run: everything the SDK sent except the transport-only keys
   * ({@code id}, {@code isRetry}, {@code tags}, {@code feedback}); {@code extra} becomes {@code
   * metadata} as in the reference.
   */
  static ObjectNode coreMessage(ObjectNode message) {
    ObjectNode core = message.deepCopy();
    core.remove(List.of("id", "isRetry", "tags", "feedback"));
    JsonNode extra = core.remove("extra");
    if (extra != null && !extra.isNull() && !core.has("metadata")) {
      core.set("metadata", extra);
    }
    return core;
  }
}
