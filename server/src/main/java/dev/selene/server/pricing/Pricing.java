package dev.selene.server.pricing;

import java.util.UUID;

/**
 * Prices LLM runs from the model price table (global rows plus per-org overrides). Called by the
 * ingest writer for every finished LLM run in a batch, so implementations answer from memory.
 */
public interface Pricing {
  /**
   * The cost in USD of one LLM call, or {@code null} when no price is known for this model at that
   * date: an unpriced model is never given a silent wrong price.
   */
  Double cost(UUID projectId, LlmUsage usage);
}
