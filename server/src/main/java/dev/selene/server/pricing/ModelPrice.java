package dev.selene.server.pricing;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the model price table. Costs are USD per 1,000,000 units; {@code cachedInputCost} null
 * means cached prompt tokens get no discount. {@code orgId} null marks a global row.
 */
record ModelPrice(
    UUID id,
    String name,
    String pattern,
    ModelUnit unit,
    double inputCost,
    double outputCost,
    Double cachedInputCost,
    String tokenizer,
    String provider,
    Instant startDate,
    UUID orgId,
    Instant createdAt,
    Instant updatedAt) {

  boolean isGlobal() {
    return orgId == null;
  }
}
