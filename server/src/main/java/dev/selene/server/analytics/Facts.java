package dev.selene.server.analytics;

import java.time.Instant;
import java.util.Optional;

/**
 * Builds the "facts" of a question: rows aggregated per bucket (and per the spec's keys) over the
 * runs in scope, as one SQL query that reads, with a single snapshot:
 *
 * <ul>
 *   <li>the rollup rows of every whole UTC hour inside the range that is not read raw;
 *   <li>the raw runs of the partial hours at the range's edges;
 *   <li>the raw runs of the whole hours read raw ({@code raw_hours}): the dirty ones (changed since
 *       the worker last aggregated them; an hour dirty for one project in scope is read raw for all
 *       of them) and, when local buckets do not follow UTC hours (a +05:30 zone), those split
 *       between two buckets (the hour holding local midnight for daily buckets).
 * </ul>
 *
 * These three sets are disjoint and cover the range, so the union is exactly the aggregation of the
 * raw runs, whatever the worker's progress. A filter on tags reads the per-tag or the tag-set
 * rollup when the spec allows it (see {@link #rollupSide}). When the filter cannot be answered from
 * hourly rollups, or every hour is split (hourly buckets in a +05:30 zone), the whole range is read
 * raw.
 */
final class Facts {
  private Facts() {}

  /** True when this question will read rollups for at least part of its range. */
  static boolean usesRollups(Scope scope, Bucketing bucketing, FactSpec spec) {
    if (rollupSide(scope, spec) == null) {
      return false;
    }
    Instant from = scope.range().firstWholeHour();
    Instant to = scope.range().lastWholeHourEnd();
    if (bucketing != null
        && !bucketing.hourAligned()
        && (!bucketing.someHoursWhole() || from == null || to == null)) {
      // split hours are listed over the range's hours, which needs both bounds
      return false;
    }
    return from == null || to == null || from.isBefore(to);
  }

  /** True when some whole hours of the range may be split between buckets (see raw_hours). */
  private static boolean checksSplitHours(Bucketing bucketing) {
    return bucketing != null && !bucketing.hourAligned();
  }

  /**
   * What the rollup part reads: the rollup table, the condition on its rows and the filter
   * evaluated on them.
   */
  private record RollupSide(String from, Sql where, AnalyticsFilter filter) {}

  /**
   * Which rollup answers the question, or null when it must be read raw:
   *
   * <ul>
   *   <li>the spec's rollup table, when it can answer the filter and the route's conditions;
   *   <li>for a filter that requires one tag X (and otherwise only checks the rollups answer), the
   *       per-tag rollup's rows of tag X with the rest of the filter: a run with tag X is in
   *       exactly one of them, so the sums are exact;
   *   <li>for any other filter that only checks tags, type, name and status, when every run it
   *       matches has a tag (or the facts are about tagged runs only), the tag-set rollup with the
   *       whole filter: a tagged run is in exactly one tag-set row per hour, whose {@code tags} are
   *       its distinct non-null tags, so the filter holds for the row exactly when it holds for the
   *       run.
   * </ul>
   */
  private static RollupSide rollupSide(Scope scope, FactSpec spec) {
    if (scope.source() == Scope.Source.RAW) {
      return null;
    }
    AnalyticsFilter filter = scope.filter();
    boolean conditionsOnRows = !scope.hasConditions() || scope.conditionsOnRollups();
    if (spec.rollupFrom() != null
        && (spec.rollupFilters()
            ? conditionsOnRows && filter.rollupCompatible()
            : !scope.hasConditions() && filter.isEmpty())) {
      return new RollupSide(spec.rollupFrom(), new Sql().add(spec.rollupWhere()), filter);
    }
    if (!conditionsOnRows) {
      return null;
    }
    Optional<String> tag = filter.singleTag();
    AnalyticsFilter rest = filter.withoutTags();
    if (spec.tagRollupFrom() != null && tag.isPresent() && rest.rollupCompatible()) {
      Sql where =
          Sql.of("r.tag = ").param(tag.get()).add(" and (").add(spec.rollupWhere()).add(")");
      return new RollupSide(spec.tagRollupFrom(), where, rest);
    }
    FactSpec.TagSets tagSets = spec.tagSets();
    if (tagSets != null
        && filter.tagSetCompatible()
        && (tagSets.onlyTaggedRuns() || filter.requiresTag())) {
      return new RollupSide(tagSets.from(), spec.rollupWhere(), filter);
    }
    return null;
  }

  /**
   * The facts query. Its columns are {@code b} (the bucket key; absent when {@code bucketing} is
   * null) followed by the spec's columns.
   */
  static Sql query(Scope scope, Bucketing bucketing, FactSpec spec) {
    return query(scope, bucketing, spec, null);
  }

  /**
   * The facts of the range without the runs of some whole UTC days, which the caller reads from
   * another rollup ({@link UserDays}). {@code skippedDays}: an SQL {@code timestamptz[]} of UTC day
   * starts ({@code selene_day}), each day inside [first whole hour, last whole hour end) of the
   * range and holding no dirty hour; null for none. Only when {@link #usesRollups} (else the whole
   * range is read raw and the caller must not use this).
   */
  static Sql query(Scope scope, Bucketing bucketing, FactSpec spec, Sql skippedDays) {
    if (!usesRollups(scope, bucketing, spec)) {
      if (skippedDays != null) {
        throw new IllegalArgumentException("days can only be skipped when rollups are read");
      }
      return raw(scope, bucketing, spec, Sql.of("r.created_at is not null").add(bounds(scope)));
    }
    Range range = scope.range();
    Instant from = range.firstWholeHour();
    Instant to = range.lastWholeHourEnd();
    // The hours marked dirty for any project in scope are read raw for every project in scope,
    // and so are the hours split between two buckets: both parts agree on one small set of
    // hours, computed once (union: an hour both dirty and split is read once).
    Sql sql =
        Sql.of("with raw_hours as materialized (select distinct hour from rollup_dirty")
            .add(" where project_id = any(")
            .uuids(scope.projects())
            .add(")")
            .add(hourBounds("hour", from, to))
            .add(outsideDays("hour", skippedDays));
    if (checksSplitHours(bucketing)) {
      sql.add(" union select g from ")
          .add(hourSeries(from, to))
          .add(" where ")
          .add(bucketing.splitsHour("g"))
          .add(outsideDays("g", skippedDays));
    }
    sql.add(") ");
    sql.add(rollupPart(scope, bucketing, spec, rollupSide(scope, spec), from, to, skippedDays));
    Sql edges = edges(range, from, to);
    if (edges != null) {
      sql.add(" union all ").add(edgeHours(scope, bucketing, spec, edges));
    }
    return sql.add(" union all ").add(rawHoursPart(scope, bucketing, spec));
  }

  private static Sql rollupPart(
      Scope scope,
      Bucketing bucketing,
      FactSpec spec,
      RollupSide side,
      Instant from,
      Instant to,
      Sql skippedDays) {
    Sql sql = Sql.of("select ");
    if (bucketing != null) {
      sql.add("hb.b as b, ");
    }
    sql.add(spec.rollupColumns()).add(" from " + side.from());
    if (bucketing != null) {
      // each hour's bucket computed once, not once per rollup row (time zone math is not free);
      // the skipped days' hours are left out here, so their rows are not even read
      sql.add(" join (select g as hour, ")
          .add(bucketing.key("g"))
          .add(" as b from ")
          .add(hourSeries(from, to))
          .add(" where true")
          .add(outsideDays("g", skippedDays))
          .add(") hb on hb.hour = r.hour");
    }
    sql.add(" where r.project_id = any(").uuids(scope.projects()).add(")");
    sql.add(hourBounds("r.hour", from, to));
    if (skippedDays != null) {
      // the other hours as an index condition: with a plan that scans the range and joins the
      // hours after (a generic plan may), a mere filter would still read every skipped row
      sql.add(" and r.hour = any(array(select g from ")
          .add(hourSeries(from, to))
          .add(" where true")
          .add(outsideDays("g", skippedDays))
          .add("))");
    }
    sql.add(" and r.hour <> all(array(select hour from raw_hours))");
    sql.add(" and (").add(side.where()).add(")");
    sql.add(" and ")
        .add(side.filter().where(scope.projects()))
        .add(" and ")
        .add(scope.conditions());
    return groupBy(sql, bucketing, spec);
  }

  private static Sql rawHoursPart(Scope scope, Bucketing bucketing, FactSpec spec) {
    Sql sql = select(bucketing, "r.created_at", spec.rawColumns());
    // A lateral, not-flattened (offset 0) subquery: one index range scan of run per hour,
    // whatever the (volatile) statistics of rollup_dirty make the planner believe.
    sql.add(" from raw_hours d cross join lateral (select * from run r where r.project_id = any(")
        .uuids(scope.projects())
        .add(") and r.created_at >= d.hour and r.created_at < d.hour + interval '1 hour'")
        .add(" offset 0) r " + spec.rawLateral());
    sql.add(" where ").add(rawConditions(scope, spec));
    return groupBy(sql, bucketing, spec);
  }

  private static Sql raw(Scope scope, Bucketing bucketing, FactSpec spec, Sql timeCondition) {
    Sql sql = select(bucketing, "r.created_at", spec.rawColumns());
    sql.add(" from run r " + spec.rawLateral());
    sql.add(" where r.project_id = any(").uuids(scope.projects()).add(") and (");
    sql.add(timeCondition).add(") and ").add(rawConditions(scope, spec));
    return groupBy(sql, bucketing, spec);
  }

  /**
   * The raw runs of the partial hours at the range's edges: at most two hours, so always an index
   * range scan on the creation time, fenced (offset 0) so the filter is checked on those rows only.
   * Unfenced, a generic plan (server-prepared after a few executions) can pick the tags GIN index
   * for a tag filter and read every run with that tag in all projects (170 ms at 10 M runs).
   */
  private static Sql edgeHours(Scope scope, Bucketing bucketing, FactSpec spec, Sql edges) {
    Sql sql = select(bucketing, "r.created_at", spec.rawColumns());
    sql.add(" from (select * from run r where r.project_id = any(")
        .uuids(scope.projects())
        .add(") and (")
        .add(edges)
        .add(") offset 0) r " + spec.rawLateral());
    sql.add(" where ").add(rawConditions(scope, spec));
    return groupBy(sql, bucketing, spec);
  }

  private static Sql rawConditions(Scope scope, FactSpec spec) {
    return new Sql()
        .add(scope.filter().where(scope.projects()))
        .add(" and ")
        .add(scope.conditions())
        .add(" and (" + spec.rawWhere() + ")");
  }

  private static Sql select(Bucketing bucketing, String time, String columns) {
    return select(bucketing, time, Sql.of(columns));
  }

  private static Sql select(Bucketing bucketing, String time, Sql columns) {
    Sql sql = Sql.of("select ");
    if (bucketing != null) {
      sql.add(bucketing.key(time)).add(" as b, ");
    }
    return sql.add(columns);
  }

  private static Sql groupBy(Sql sql, Bucketing bucketing, FactSpec spec) {
    int keys = spec.groupKeys() + (bucketing == null ? 0 : 1);
    if (keys == 0) {
      return sql;
    }
    sql.add(" group by ");
    for (int i = 1; i <= keys; i++) {
      sql.add(i == 1 ? "1" : ", " + i);
    }
    return sql;
  }

  private static Sql bounds(Scope scope) {
    Sql sql = new Sql();
    if (scope.range().start() != null) {
      sql.add(" and r.created_at >= ").instant(scope.range().start());
    }
    if (scope.range().end() != null) {
      sql.add(" and r.created_at < ").instant(scope.range().end());
    }
    return sql;
  }

  /** The UTC hours starting in [from, to) as column {@code g}. */
  private static Sql hourSeries(Instant from, Instant to) {
    return Sql.of("generate_series(")
        .instant(from)
        .add(", ")
        .instant(to)
        .add(" - interval '1 hour', interval '1 hour') g");
  }

  /** {@code and <hour> is not in one of the skipped days}, or nothing when none are. */
  private static Sql outsideDays(String hour, Sql skippedDays) {
    if (skippedDays == null) {
      return new Sql();
    }
    return Sql.of(" and selene_day(" + hour + ") <> all(").add(skippedDays).add(")");
  }

  /** {@code and <column> >= from and <column> < to}, each bound only when set. */
  static Sql hourBounds(String column, Instant from, Instant to) {
    Sql sql = new Sql();
    if (from != null) {
      sql.add(" and " + column + " >= ").instant(from);
    }
    if (to != null) {
      sql.add(" and " + column + " < ").instant(to);
    }
    return sql;
  }

  /** The partial hours at both ends, or null when the range starts and ends on whole hours. */
  static Sql edges(Range range, Instant from, Instant to) {
    Sql sql = new Sql();
    if (range.start() != null && range.start().isBefore(from)) {
      sql.add("(r.created_at >= ")
          .instant(range.start())
          .add(" and r.created_at < ")
          .instant(from)
          .add(")");
    }
    if (range.end() != null && to.isBefore(range.end())) {
      sql.add(sql.text().isEmpty() ? "" : " or ")
          .add("(r.created_at >= ")
          .instant(to)
          .add(" and r.created_at < ")
          .instant(range.end())
          .add(")");
    }
    return sql.text().isEmpty() ? null : sql;
  }
}
