package dev.selene.server.ingest;

import dev.selene.server.ingest.UpsertRuns.StoredRun;
import dev.selene.server.pricing.LlmUsage;
import dev.selene.server.pricing.Pricing;
import dev.selene.server.pricing.TokenCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Completes finished LLM runs: counts tokens the SDK did not send (with the model's tokenizer) and
 * prices the call. Runs only once both the start (model name, start time) and the end are known,
 * whichever arrived last.
 */
final class PriceRuns {
  private record Priced(StoredRun run, Integer prompt, Integer completion, Double cost) {}

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

  void run(Connection c, List<StoredRun> stored) throws SQLException {
    List<Priced> changed = new ArrayList<>();
    for (StoredRun r : stored) {
      if (!"llm".equals(r.type())
          || r.endedAt() == null
          || r.createdAt() == null
          || r.name() == null) {
        continue;
      }
      Integer prompt = r.promptTokens();
      Integer completion = r.completionTokens();
      if (prompt == null && r.input() != null) {
        prompt = tokens.countPrompt(r.name(), r.input(), r.params());
      }
      if (completion == null && r.output() != null) {
        completion = tokens.countCompletion(r.name(), r.output());
      }
      long millis = Math.max(0, Duration.between(r.createdAt(), r.endedAt()).toMillis());
      Double cost =
          pricing.cost(
              r.projectId(),
              new LlmUsage(
                  r.name(),
                  r.createdAt(),
                  prompt,
                  completion,
                  r.cachedPromptTokens(),
                  r.input(),
                  r.output(),
                  millis));
      if (!Objects.equals(prompt, r.promptTokens())
          || !Objects.equals(completion, r.completionTokens())
          || !Objects.equals(cost, r.cost())) {
        changed.add(new Priced(r, prompt, completion, cost));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    SqlArrays a = new SqlArrays(c);
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      ps.setArray(1, a.uuids(changed, p -> p.run().projectId()));
      ps.setArray(2, a.uuids(changed, p -> p.run().id()));
      ps.setArray(3, a.ints(changed, Priced::prompt));
      ps.setArray(4, a.ints(changed, Priced::completion));
      ps.setArray(5, a.doubles(changed, Priced::cost));
      ps.executeUpdate();
    }
  }
}
