package dev.selene.server.analytics;

import dev.selene.server.runs.filter.RunFilter;
import dev.selene.server.runs.filter.SqlFragment;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The run filter of an analytics request: the shared filter language ({@link RunFilter}, read from
 * the raw query string), as a SQL condition over a row aliased {@code r}.
 *
 * <p>The rollup tables name their dimensions like the run table ({@code type}, {@code name}, {@code
 * status}), so a filter made only of checks on those columns is evaluated on rollup rows unchanged:
 * every run aggregated into a rollup row has the same values for them. Anything else (tags, users,
 * metadata, dates, text search, feedback of children, the {@code trace} type...) makes the query
 * read the raw run table, except tags: one tag (see {@link #singleTag}) is answered by the per-tag
 * rollup, and any other combination of tags by the tag-set rollup, whose rows have the run's {@code
 * tags} too (its distinct non-null tags), so the filter is evaluated on them unchanged (see {@link
 * #tagSetCompatible}).
 */
final class AnalyticsFilter {
  /** Checks that only read {@code r.type}, {@code r.name} and {@code r.status}. */
  private static final Set<String> ROLLUP_CHECKS =
      Set.of("type", "models", "status", "custom-events");

  /** Checks that only read {@code r.type}, {@code r.name}, {@code r.status} and {@code r.tags}. */
  private static final Set<String> TAG_SET_CHECKS =
      Set.of("type", "models", "status", "custom-events", "tags");

  private static final AnalyticsFilter NONE = new AnalyticsFilter(null);

  private final RunFilter filter;

  private AnalyticsFilter(RunFilter filter) {
    this.filter = filter;
  }

  static AnalyticsFilter none() {
    return NONE;
  }

  /**
   * Parses the raw, still percent-encoded query string. Parameters that are not checks ({@code
   * startDate}, {@code granularity}...) are ignored; a malformed check is a 422 naming it.
   */
  static AnalyticsFilter parse(String rawQueryString) {
    RunFilter filter = RunFilter.parse(rawQueryString);
    return filter.isEmpty() ? NONE : new AnalyticsFilter(filter);
  }

  /**
   * The condition over alias {@code r} for runs of {@code projects} ({@code true} when empty).
   * Checks that look at related rows are bound to one project, so over several projects each
   * project gets its own copy of the filter.
   */
  Sql where(List<UUID> projects) {
    if (filter == null) {
      return Sql.of("(true)");
    }
    if (projects.size() == 1) {
      return fragment(filter.toSql("r", projects.get(0)));
    }
    Sql sql = Sql.of("(");
    for (int i = 0; i < projects.size(); i++) {
      sql.add(i == 0 ? "(r.project_id = " : " or (r.project_id = ")
          .param(projects.get(i))
          .add(" and ")
          .add(fragment(filter.toSql("r", projects.get(i))))
          .add(")");
    }
    return sql.add(")");
  }

  boolean rollupCompatible() {
    return readsOnlyColumns(ROLLUP_CHECKS);
  }

  /**
   * True when the filter can be evaluated on tag-set rollup rows: its checks only read type, name,
   * status and tags. A {@code tags} check ({@code r.tags && array[...]}) holds for a row's set of
   * distinct non-null tags exactly when it holds for the tag array of each run aggregated in it: an
   * overlap ignores repeated and null elements.
   */
  boolean tagSetCompatible() {
    return readsOnlyColumns(TAG_SET_CHECKS);
  }

  private boolean readsOnlyColumns(Set<String> checks) {
    if (filter == null) {
      return true;
    }
    // A check rendered with a subquery reads other rows (parents, children, users): never rollups.
    String sql = filter.toSql("r", new UUID(0, 0)).sql().toLowerCase();
    return checks.containsAll(filter.checkIds()) && !sql.contains("select");
  }

  /** True when empty, or made only of {@code checks} that rollups can answer. */
  boolean readsOnly(Set<String> checks) {
    return filter == null || (checks.containsAll(filter.checkIds()) && rollupCompatible());
  }

  boolean isEmpty() {
    return filter == null;
  }

  /**
   * The tag every matching run must have when the filter is one tag ANDed with other checks: one
   * {@code tags} check with one distinct value. A {@code tags} check is "any of" ({@code tags &&
   * array[...]}), so with several values a run may match under several tags; with several checks
   * (all of) or OR-combined checks the matching runs are not those of one tag either.
   */
  Optional<String> singleTag() {
    if (filter == null || (filter.isOr() && filter.checkIds().size() > 1)) {
      return Optional.empty();
    }
    List<List<String>> tags = filter.listValues("tags");
    if (tags.size() != 1 || new LinkedHashSet<>(tags.get(0)).size() != 1) {
      return Optional.empty();
    }
    return Optional.of(tags.get(0).get(0));
  }

  /** The other checks of a {@link #singleTag} filter, to evaluate on per-tag rollup rows. */
  AnalyticsFilter withoutTags() {
    RunFilter rest = filter == null ? null : filter.without("tags");
    return rest == null || rest.isEmpty() ? NONE : new AnalyticsFilter(rest);
  }

  /**
   * True when every run the filter matches has a tag: a {@code tags} check ANDed with the other
   * checks ({@code tags && array[...]} is false for a run without tags), or {@code tags} checks
   * alone, OR-combined. Such a run is in the tag-set rollup.
   */
  boolean requiresTag() {
    if (filter == null || !filter.checkIds().contains("tags")) {
      return false;
    }
    return !filter.isOr() || Set.of("tags").containsAll(filter.checkIds());
  }

  private static Sql fragment(SqlFragment f) {
    return Sql.fragment(f.sql(), f.parameters());
  }
}
