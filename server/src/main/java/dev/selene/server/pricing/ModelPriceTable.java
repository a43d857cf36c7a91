package dev.selene.server.pricing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link Pricing} from the {@code model_price} table, answered from memory: the whole table is held
 * as a compiled {@link PriceIndex}, reloaded in the background every {@link #REFRESH} (so replicas
 * see each other's changes within that time) and dropped at once when this process changes a price
 * ({@link #invalidate()}). Project to organisation lookups are cached as well. Thread-safe; the
 * ingest writer calls it for every LLM run of a batch.
 *
 * <p>No legacy fallback: unlike Lunary, a model no row matches is left unpriced (null) instead of
 * being priced by a substring of another model's name.
 */
public final class ModelPriceTable implements Pricing {
  static final Duration REFRESH = Duration.ofSeconds(30);

  /** An index older than this is reloaded before use, not in the background. */
  private static final Duration MAX_AGE = Duration.ofMinutes(2);

  private static final String TABLE = "model_price";

  private final ModelPriceStore store;
  private final LoadingCache<String, PriceIndex> index;
  private final LoadingCache<UUID, Optional<UUID>> orgOfProject;

  public ModelPriceTable(DataSource db) {
    this(new ModelPriceStore(db));
  }

  ModelPriceTable(ModelPriceStore store) {
    this.store = store;
    this.index =
        Caffeine.newBuilder()
            .refreshAfterWrite(REFRESH)
            .expireAfterWrite(MAX_AGE)
            .build(key -> PriceIndex.of(store.all()));
    this.orgOfProject =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build(store::orgOfProject);
  }

  @Override
  public Double cost(UUID projectId, LlmUsage usage) {
    ModelPrice price = priceFor(projectId, usage.model(), usage.startedAt());
    return price == null ? null : CostFormula.cost(price, usage);
  }

  /** The price in force for a model in a project at an instant (now when null), or null. */
  ModelPrice priceFor(UUID projectId, String model, Instant at) {
    if (model == null || model.isBlank()) {
      return null;
    }
    UUID org = projectId == null ? null : orgOfProject.get(projectId).orElse(null);
    return index.get(TABLE).find(org, model, at == null ? Instant.now() : at);
  }

  /** Forgets the cached table; the next lookup reads it again. Called after every write. */
  public void invalidate() {
    index.invalidateAll();
  }
}
