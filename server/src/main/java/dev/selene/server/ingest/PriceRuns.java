package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.ingest.UpsertRuns.StoredRun;
import dev.selene.server.pricing.LlmUsage;
import dev.selene.server.pricing.Pricing;
import dev.selene.server.pricing.TokenCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Completes finished LLM runs: counts tokens the SDK did not send (with the model's tokenizer) and
 * prices the call. Runs whose start and end are in the same batch (the common case) are priced in
 * memory before the upsert; the others once the stored row has both halves, whichever arrived last.
 */
final class PriceRuns {
  private record Priced(UUID projectId, UUID id, Integer prompt, Integer completion, Double cost) {}

  private static final String UPDATE =
      """
      update run r set prompt_tokens = v.prompt, completion_tokens = v.completion, cost = v.cost
      from unnest(?::uuid[], ?::uuid[], ?::int4[], ?::int4[], ?::float8[])
        as v(project_id, id, prompt, completion, cost)
      where r.project_id = v.project_id and r.id = v.id
      """;

  private final Pricing pricing;
  private final TokenCounter tokens;

  PriceRuns(Pricing pricing, TokenCounter tokens) {
    this.pricing = pricing;
    this.tokens = tokens;
  }

  /** Prices the patches that hold a whole LLM call (start and end seen in this batch). */
  void prepare(Collection<RunPatch> patches) {
    for (RunPatch p : patches) {
      if (!p.hasStart || !"llm".equals(p.type) || p.endedAt == null || p.name == null) {
        continue;
      }
      Priced priced =
          price(
              p.projectId,
              p.id,
              p.name,
              p.createdAt,
              p.endedAt,
              p.promptTokens,
              p.completionTokens,
              p.cachedPromptTokens == null ? 0 : p.cachedPromptTokens,
              p.input,
              p.output,
              p.params);
      p.promptTokens = priced.prompt();
      p.completionTokens = priced.completion();
      p.cost = priced.cost();
    }
  }

  /** Prices stored runs that became complete in this batch. */
  void run(Connection c, List<StoredRun> stored) throws SQLException {
    List<Priced> changed = new ArrayList<>();
    for (StoredRun r : stored) {
      Priced priced =
          price(
              r.projectId(),
              r.id(),
              r.name(),
              r.createdAt(),
              r.endedAt(),
              r.promptTokens(),
              r.completionTokens(),
              r.cachedPromptTokens(),
              r.input(),
              r.output(),
              r.params());
      if (!Objects.equals(priced.prompt(), r.promptTokens())
          || !Objects.equals(priced.completion(), r.completionTokens())
          || !Objects.equals(priced.cost(), r.cost())) {
        changed.add(priced);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    SqlArrays a = new SqlArrays(c);
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      ps.setArray(1, a.uuids(changed, Priced::projectId));
      ps.setArray(2, a.uuids(changed, Priced::id));
      ps.setArray(3, a.ints(changed, Priced::prompt));
      ps.setArray(4, a.ints(changed, Priced::completion));
      ps.setArray(5, a.doubles(changed, Priced::cost));
      ps.executeUpdate();
    }
  }

  private Priced price(
      UUID projectId,
      UUID id,
      String model,
      Instant createdAt,
      Instant endedAt,
      Integer prompt,
      Integer completion,
      int cached,
      JsonNode input,
      JsonNode output,
      JsonNode params) {
    if (prompt == null && input != null) {
      prompt = tokens.countPrompt(model, input, params);
    }
    if (completion == null && output != null) {
      completion = tokens.countCompletion(model, output);
    }
    long millis =
        createdAt == null ? 0 : Math.max(0, Duration.between(createdAt, endedAt).toMillis());
    Double cost =
        pricing.cost(
            projectId,
            new LlmUsage(model, createdAt, prompt, completion, cached, input, output, millis));
    return new Priced(projectId, id, prompt, completion, cost);
  }
}
