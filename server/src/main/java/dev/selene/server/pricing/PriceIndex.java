package dev.selene.server.pricing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable snapshot of the price table with every pattern compiled once. Which rows match a
 * model name is remembered per (org, model), so the regexes run once per distinct model name and
 * snapshot, not once per run.
 *
 * <p>Selection: among the rows whose pattern matches the model name and whose start date is not
 * after the run's start, the org's own rows win over global rows; then the newest start date; then
 * the most specific (longest) pattern.
 */
final class PriceIndex {
  private static final Logger log = LoggerFactory.getLogger(PriceIndex.class);

  /** Longer names are not priced: no model is named like this, and it bounds regex work. */
  static final int MAX_MODEL_NAME_LENGTH = 256;

  private static final Comparator<Compiled> PRECEDENCE =
      Comparator.comparing((Compiled c) -> c.row.startDate())
          .reversed()
          .thenComparing(c -> c.row.pattern().length(), Comparator.reverseOrder())
          .thenComparing(c -> c.row.id());

  private record Compiled(ModelPrice row, Pattern pattern) {}

  private record Key(UUID orgId, String model) {}

  private final List<Compiled> global;
  private final Map<UUID, List<Compiled>> byOrg;
  private final Cache<Key, List<ModelPrice>> matches =
      Caffeine.newBuilder().maximumSize(10_000).build();

  private PriceIndex(List<Compiled> global, Map<UUID, List<Compiled>> byOrg) {
    this.global = global;
    this.byOrg = byOrg;
  }

  static PriceIndex of(List<ModelPrice> rows) {
    List<Compiled> global = new ArrayList<>();
    Map<UUID, List<Compiled>> byOrg = new HashMap<>();
    for (ModelPrice row : rows) {
      Pattern pattern;
      try {
        pattern = Pattern.compile(row.pattern());
      } catch (PatternSyntaxException e) {
        // Writes through the API are validated; a row inserted by hand may still be broken.
        log.warn("Model price {} ({}) has an invalid pattern and is ignored", row.id(), row.name());
        continue;
      }
      Compiled compiled = new Compiled(row, pattern);
      if (row.isGlobal()) {
        global.add(compiled);
      } else {
        byOrg.computeIfAbsent(row.orgId(), k -> new ArrayList<>()).add(compiled);
      }
    }
    global.sort(PRECEDENCE);
    byOrg.values().forEach(list -> list.sort(PRECEDENCE));
    return new PriceIndex(List.copyOf(global), Map.copyOf(byOrg));
  }

  /** The price in force for this model at this instant, or null when none is. */
  ModelPrice find(UUID orgId, String model, Instant at) {
    if (model == null || model.isEmpty() || model.length() > MAX_MODEL_NAME_LENGTH) {
      return null;
    }
    for (ModelPrice candidate : matches.get(new Key(orgId, model), this::matching)) {
      if (!candidate.startDate().isAfter(at)) {
        return candidate;
      }
    }
    return null;
  }

  /** Every row matching the model, in precedence order: the org's rows, then the global ones. */
  private List<ModelPrice> matching(Key key) {
    List<ModelPrice> result = new ArrayList<>();
    if (key.orgId != null) {
      addMatches(byOrg.getOrDefault(key.orgId, List.of()), key.model, result);
    }
    addMatches(global, key.model, result);
    return List.copyOf(result);
  }

  private static void addMatches(List<Compiled> rows, String model, List<ModelPrice> out) {
    for (Compiled c : rows) {
      if (matches(c, model)) {
        out.add(c.row);
      }
    }
  }

  private static boolean matches(Compiled c, String model) {
    try {
      return c.pattern.matcher(new BoundedCharSequence(model)).find();
    } catch (BoundedCharSequence.BudgetExceeded e) {
      log.warn(
          "Model price {} ({}): pattern too costly to evaluate, treated as no match",
          c.row.id(),
          c.row.name());
      return false;
    }
  }
}
