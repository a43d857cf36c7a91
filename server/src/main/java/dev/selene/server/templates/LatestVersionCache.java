package dev.selene.server.templates;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The SDK hot path ({@code GET /v1/template_versions/latest?slug=}) answered from memory: the
 * serialised response per (project, slug), unknown slugs included. This process invalidates an
 * entry after committing any change to the template; other replicas see changes within {@link
 * #TTL}. Invalidation waits for a load of the same key in flight, so a load that read the old rows
 * cannot be left behind in the cache.
 */
final class LatestVersionCache {
  static final Duration TTL = Duration.ofSeconds(10);

  private record Key(UUID project, String slug) {}

  private final Cache<Key, Optional<byte[]>> cache =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(TTL).build();

  Optional<byte[]> get(UUID project, String slug, Supplier<Optional<byte[]>> load) {
    return cache.get(new Key(project, slug), k -> load.get());
  }

  void invalidate(UUID project, String slug) {
    cache.invalidate(new Key(project, slug));
  }
}
