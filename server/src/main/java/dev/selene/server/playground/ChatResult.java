package dev.selene.server.playground;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a provider answered, in OpenAI's message format whatever the protocol: {@code {role:
 * "assistant", content, tool_calls?}}. Token counts are null when the provider sent none.
 */
record ChatResult(
    ObjectNode message, String finishReason, Integer promptTokens, Integer completionTokens) {}
