package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What pricing needs to know about one finished LLM call. Token counts may be null when unknown;
 * {@code input}/{@code output} are used by per-character prices, {@code durationMillis} by
 * per-millisecond prices.
 */
public record LlmUsage(
    String model,
    Instant startedAt,
    Integer promptTokens,
    Integer completionTokens,
    int cachedPromptTokens,
    JsonNode input,
    JsonNode output,
    long durationMillis) {}
