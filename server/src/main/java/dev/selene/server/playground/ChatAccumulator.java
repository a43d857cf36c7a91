package dev.selene.server.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds the final message of a streamed answer from its pieces, and passes each piece on to the
 * client as a delta ({@code {"type":"delta","content":…}} or {@code {"type":"delta","toolCall":
 * {index, id?, name?, arguments}}}) the moment it arrives.
 */
final class ChatAccumulator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Consumer<ObjectNode> sink;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
  private boolean sawText;
  private String finishReason;
  private Integer promptTokens;
  private Integer completionTokens;

  private static final class ToolCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  ChatAccumulator(Consumer<ObjectNode> sink) {
    this.sink = sink;
  }

  void text(String piece) {
    if (piece == null || piece.isEmpty()) {
      return;
    }
    sawText = true;
    text.append(piece);
    sink.accept(NODES.objectNode().put("type", "delta").put("content", piece));
  }

  void toolCall(int index, String id, String name, String argumentsPiece) {
    ToolCall call = toolCalls.computeIfAbsent(index, i -> new ToolCall());
    ObjectNode delta = NODES.objectNode().put("index", index);
    if (id != null && !id.isEmpty()) {
      call.id = id;
      delta.put("id", id);
    }
    if (name != null && !name.isEmpty()) {
      call.name = call.name == null ? name : call.name + name;
      delta.put("name", name);
    }
    String args = argumentsPiece == null ? "" : argumentsPiece;
    call.arguments.append(args);
    delta.put("arguments", args);
    ObjectNode event = NODES.objectNode().put("type", "delta");
    event.set("toolCall", delta);
    sink.accept(event);
  }

  void finish(String reason) {
    if (reason != null && !reason.isEmpty()) {
      finishReason = reason;
    }
  }

  void usage(Integer prompt, Integer completion) {
    if (prompt != null) {
      promptTokens = prompt;
    }
    if (completion != null) {
      completionTokens = completion;
    }
  }

  /** Whether the provider said why the answer ended (a stream cut short never does). */
  boolean finished() {
    return finishReason != null;
  }

  ChatResult result() {
    ObjectNode message = NODES.objectNode().put("role", "assistant");
    if (sawText || toolCalls.isEmpty()) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (!toolCalls.isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      toolCalls
          .values()
          .forEach(
              c -> {
                ObjectNode call = calls.addObject().put("id", c.id).put("type", "function");
                call.putObject("function")
                    .put("name", c.name)
                    .put("arguments", c.arguments.toString());
              });
    }
    return new ChatResult(message, finishReason, promptTokens, completionTokens);
  }
}
