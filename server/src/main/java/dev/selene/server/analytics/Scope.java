package dev.selene.server.analytics;

import java.util.List;
import java.util.UUID;

/**
 * Which runs a question is about: those of {@code projects} created in {@code range}, matching the
 * request's filter and the route's own conditions.
 *
 * @param conditions route conditions over alias {@code r} ("true" when none)
 * @param conditionsOnRollups whether the conditions only read type, name and status, so they hold
 *     on hourly rollup rows too
 * @param source whether rollups may be read at all
 */
record Scope(
    List<UUID> projects,
    Range range,
    AnalyticsFilter filter,
    Sql conditions,
    boolean hasConditions,
    boolean conditionsOnRollups,
    Source source) {

  /** Where facts may come from; tests force RAW to compare both paths. */
  enum Source {
    AUTO,
    RAW
  }

  static Scope of(List<UUID> projects, Range range, AnalyticsFilter filter, Source source) {
    return new Scope(projects, range, filter, Sql.of("true"), false, true, source);
  }

  static Scope of(UUID project, Range range, AnalyticsFilter filter, Source source) {
    return of(List.of(project), range, filter, source);
  }

  /** Adds a condition on {@code r.type}, {@code r.name} or {@code r.status} only. */
  Scope and(Sql condition) {
    return with(condition, conditionsOnRollups);
  }

  Scope and(String condition) {
    return and(Sql.of(condition));
  }

  /** Adds a condition on other run columns: the question is then answered from raw runs. */
  Scope andOnRawRuns(Sql condition) {
    return with(condition, false);
  }

  private Scope with(Sql condition, boolean onRollups) {
    Sql both =
        hasConditions
            ? Sql.of("(").add(conditions).add(") and (").add(condition).add(")")
            : Sql.of("(").add(condition).add(")");
    return new Scope(projects, range, filter, both, true, onRollups, source);
  }
}
