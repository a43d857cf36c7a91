package dev.selene.server.analytics;

import java.util.List;
import java.util.Set;

/**
 * The run filter of an analytics request (Lunary's check-based filter language, read from the raw
 * query string), as a SQL condition over a row aliased {@code r}.
 *
 * <p>The rollup tables name their dimensions like the run table ({@code type}, {@code name}, {@code
 * status}), so a filter made only of checks on those columns is evaluated on rollup rows unchanged:
 * every run aggregated into a rollup row has the same values for them. Anything else (tags, users,
 * metadata, dates, text search, feedback of children, the {@code trace} type...) makes the query
 * read the raw run table.
 */
final class AnalyticsFilter {
  /** Checks that only read {@code r.type}, {@code r.name} and {@code r.status}. */
  private static final Set<String> ROLLUP_CHECKS =
      Set.of("type", "models", "status", "custom-events");

  private static final AnalyticsFilter NONE = new AnalyticsFilter(Sql.of("true"), true, true);

  private final Sql where;
  private final boolean rollupCompatible;
  private final boolean empty;

  private AnalyticsFilter(Sql where, boolean rollupCompatible, boolean empty) {
    this.where = where;
    this.rollupCompatible = rollupCompatible;
    this.empty = empty;
  }

  static AnalyticsFilter none() {
    return NONE;
  }

  /**
   * Parses the raw, still percent-encoded query string. Parameters that are not checks ({@code
   * startDate}, {@code granularity}...) are ignored; a malformed check is a 422 naming it.
   */
  static AnalyticsFilter parse(String rawQueryString) {
    InterimFilterParser.Parsed parsed = InterimFilterParser.parse(rawQueryString);
    if (parsed.checkIds().isEmpty()) {
      return NONE;
    }
    return of(parsed.where(), parsed.checkIds());
  }

  static AnalyticsFilter of(Sql where, List<String> checkIds) {
    // A check rendered with a subquery reads other rows (parents, children, users): never rollups.
    boolean compatible =
        ROLLUP_CHECKS.containsAll(checkIds) && !where.text().toLowerCase().contains("select");
    return new AnalyticsFilter(where, compatible, checkIds.isEmpty());
  }

  /** The condition, parenthesised, over alias {@code r}; {@code true} when empty. */
  Sql where() {
    return new Sql().add("(").add(where).add(")");
  }

  boolean rollupCompatible() {
    return rollupCompatible;
  }

  boolean isEmpty() {
    return empty;
  }
}
