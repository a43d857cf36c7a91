package dev.selene.server.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fact specs over the rollup tables and the run table: dimensions and measures chosen per question.
 * Each measure is written once over a run and once over a rollup row so that both paths give
 * identical values: counts and token sums are integers, cost is summed as {@code numeric} (exact,
 * unlike float sums whose result depends on the order of addition) and durations in whole
 * microseconds.
 */
final class RunFacts {
  /** The per-tag rollup. */
  private static final String TAGS = "rollup_tag_hourly r";

  /** The tag-set rollup, for the facts of all runs. */
  private static final FactSpec.TagSets TAG_SETS =
      new FactSpec.TagSets("rollup_tag_set_hourly r", false);

  /** Only custom events: true on every row of the custom-event rollup. */
  private static final String CUSTOM_EVENTS = "r.type = 'custom-event'";

  private RunFacts() {}

  enum Dim {
    PROJECT_ID,
    TYPE,
    NAME,
    STATUS;

    String column() {
      return "r." + name().toLowerCase();
    }
  }

  enum Measure {
    RUNS("count(*)::bigint", "sum(r.runs)::bigint"),
    PROMPT_TOKENS("coalesce(sum(r.prompt_tokens), 0)::bigint", "sum(r.prompt_tokens)::bigint"),
    COMPLETION_TOKENS(
        "coalesce(sum(r.completion_tokens), 0)::bigint", "sum(r.completion_tokens)::bigint"),
    COST("coalesce(sum(r.cost::numeric), 0)", "sum(r.cost)"),
    ERRORS("count(*) filter (where r.error is not null)::bigint", "sum(r.errors)::bigint"),
    THUMBS_UP(
        "count(*) filter (where r.feedback ->> 'thumb' = 'up')::bigint",
        "sum(r.thumbs_up)::bigint"),
    THUMBS_DOWN(
        "count(*) filter (where r.feedback ->> 'thumb' = 'down')::bigint",
        "sum(r.thumbs_down)::bigint"),
    DURATIONS("count(r.duration)::bigint", "sum(r.durations)::bigint"),
    DURATION_US(
        "coalesce(sum(selene_duration_us(r.duration)), 0)::numeric", "sum(r.duration_us)::numeric");

    final String raw;
    final String rollup;

    Measure(String raw, String rollup) {
      this.raw = raw;
      this.rollup = rollup;
    }

    String alias() {
      return name().toLowerCase();
    }
  }

  static FactSpec spec(List<Dim> dims, List<Measure> measures) {
    List<String> raw = new ArrayList<>();
    List<String> rollup = new ArrayList<>();
    for (Dim d : dims) {
      raw.add(d.column() + " as " + d.name().toLowerCase());
      rollup.add(d.column() + " as " + d.name().toLowerCase());
    }
    for (Measure m : measures) {
      raw.add(m.raw + " as " + m.alias());
      rollup.add(m.rollup + " as " + m.alias());
    }
    // rollup_tag_hourly and rollup_tag_set_hourly have rollup_hourly's dimensions and every
    // measure above
    return new FactSpec(
            "rollup_hourly r",
            String.join(", ", rollup),
            "",
            Sql.of(String.join(", ", raw)),
            "true",
            dims.size(),
            true)
        .withTagRollups(TAGS, TAG_SETS);
  }

  /**
   * Custom events per name: {@code name, runs}, read from the custom-event rollup's rows of all
   * events (its metric-less rows, whose type is 'custom-event'), or from the tag rollups for a
   * filter on tags.
   */
  static FactSpec customEvents() {
    return new FactSpec(
        "(select c.project_id, c.hour, 'custom-event'::text as type, c.name, c.status, c.runs"
            + " from rollup_custom_event_hourly c where c.metric is null) r",
        Sql.of("r.name as name, " + Measure.RUNS.rollup + " as runs"),
        Sql.of(CUSTOM_EVENTS),
        "",
        Sql.of("r.name as name, " + Measure.RUNS.raw + " as runs"),
        CUSTOM_EVENTS,
        1,
        true,
        TAGS,
        TAG_SETS);
  }

  /**
   * Latency histogram: {@code bin, n, s} (count and sum of microseconds per bin). Unfiltered
   * questions read the all-types histograms, type-filtered ones the per-type histograms, others the
   * full rollup rows.
   */
  static FactSpec latencyHistogram(AnalyticsFilter filter) {
    String table =
        filter.isEmpty()
            ? "rollup_latency_all_hourly r"
            : filter.readsOnly(Set.of("type")) ? "rollup_latency_hourly r" : "rollup_hourly r";
    return new FactSpec(
        table
            + " cross join lateral"
            + " unnest(r.latency_bins, r.latency_counts, r.latency_sums) as x(bin, n, s)",
        "x.bin as bin, sum(x.n)::bigint as n, sum(x.s)::numeric as s",
        "",
        Sql.of(
            "selene_latency_bin(r.duration) as bin, count(*)::bigint as n,"
                + " sum(selene_duration_us(r.duration))::numeric as s"),
        "r.duration is not null",
        1,
        true);
  }

  /**
   * Runs per tag: a run counts once under each of its distinct tags, as in {@code
   * rollup_tag_hourly}, which has type, name and status too (so those filters read it). A filter on
   * tags reads the tag-set rows, a run's row once under each of its tags (any filter the rows can
   * evaluate, OR-combined too: only tagged runs count here).
   */
  static FactSpec perTag() {
    return new FactSpec(
            "rollup_tag_hourly r",
            "r.tag as name, sum(r.runs)::bigint as runs",
            "cross join lateral (" + distinctTags("r.tags") + ") as t",
            Sql.of("t.tag as name, count(*)::bigint as runs"),
            "true",
            1,
            true)
        .withTagRollups(
            null,
            new FactSpec.TagSets(
                "(select s.*, t.tag from rollup_tag_set_hourly s"
                    + " cross join lateral unnest(s.tags) as t(tag)) r",
                true));
  }

  /**
   * A subquery over a run's tag array ({@code tags}, an SQL expression) giving its distinct
   * non-null tags as column {@code tag}: the raw path counts a run under each, as the tag-set
   * rollup does (its sets hold the same tags), even if an array was written with a repeated tag.
   */
  static String distinctTags(String tags) {
    return "select distinct u.tag from unnest(" + tags + ") as u(tag) where u.tag is not null";
  }

  /**
   * A subquery over a run's tag array giving its tag set as column {@code tags}: the distinct
   * non-null tags, sorted (one spelling per set), or null when there is none. What the worker
   * groups the tag-set rollup by.
   */
  static String tagSet(String tags) {
    return "select array_agg(distinct u.tag order by u.tag) as tags from unnest("
        + tags
        + ") as u(tag) where u.tag is not null";
  }

  /**
   * The end users with runs, per bucket: {@code external_user_id}. The user rollup has no type,
   * name or status, so any filter reads raw runs.
   */
  static FactSpec activeUsers() {
    return new FactSpec(
        "rollup_user_hourly r",
        "r.external_user_id as external_user_id",
        "",
        Sql.of("r.external_user_id as external_user_id"),
        "r.external_user_id is not null",
        1,
        false);
  }

  /**
   * The end users with a run within 7 days (168 hours) after they were first seen, per bucket. On
   * rollups this is exact from the first and last run of the user's hour: a 168-hour window cannot
   * fall strictly inside one hour.
   *
   * <p>Only users first seen from 168 hours before the range's start to its end can be new in it,
   * and a user only has runs in their own project: said on the rollup side, the rollup rows are
   * joined to those users of the scope's projects alone (at 10 M runs: 21 k of 231 k), not hashed
   * against every user.
   */
  static FactSpec newUsers(Scope scope) {
    Sql candidates =
        Sql.of("eu.created_at <= r.last_at and eu.created_at + interval '168 hours' >= r.first_at")
            .add(" and eu.project_id = r.project_id and eu.project_id = any(")
            .uuids(scope.projects())
            .add(")");
    Range range = scope.range();
    if (range.start() != null) {
      candidates
          .add(" and eu.created_at >= ")
          .instant(range.start())
          .add(" - interval '168 hours'");
    }
    if (range.end() != null) {
      candidates.add(" and eu.created_at < ").instant(range.end());
    }
    return new FactSpec(
        "rollup_user_hourly r join external_user eu on eu.id = r.external_user_id",
        Sql.of("r.external_user_id as external_user_id"),
        candidates,
        "join external_user eu on eu.id = r.external_user_id",
        Sql.of("r.external_user_id as external_user_id"),
        "eu.created_at <= r.created_at and r.created_at <= eu.created_at + interval '168 hours'"
            + " and eu.project_id = r.project_id",
        1,
        false,
        null,
        null);
  }

  /** Each end user's cost per bucket: {@code external_user_id, cost}. */
  static FactSpec userCosts() {
    return new FactSpec(
        "rollup_user_hourly r",
        "r.external_user_id as external_user_id, sum(r.cost) as cost",
        "",
        Sql.of("r.external_user_id as external_user_id, coalesce(sum(r.cost::numeric), 0) as cost"),
        "r.external_user_id is not null",
        1,
        false);
  }

  /** The total cost of the runs that have an end user, per bucket: {@code cost}. */
  static FactSpec userCostTotal() {
    return new FactSpec(
        "rollup_user_cost_hourly r",
        "sum(r.cost) as cost",
        "",
        Sql.of("coalesce(sum(r.cost::numeric), 0) as cost"),
        "r.external_user_id is not null",
        0,
        false);
  }

  /**
   * Custom events per name with the sum and count of one numeric metric (see {@code selene_metric}
   * in V8__rollups.sql): {@code name, runs, metric_sum, metric_count}. On the custom-event rollup
   * (V23) the events are counted from the metric-less rows and the metric from the rows of its key.
   * A filter on tags reads raw runs.
   */
  static FactSpec customEventMetric(String key) {
    return new FactSpec(
        "(select c.project_id, c.hour, 'custom-event'::text as type, c.name, c.status, c.metric,"
            + " c.runs, c.metric_sum from rollup_custom_event_hourly c) r",
        Sql.of("r.name as name, coalesce(sum(r.runs) filter (where r.metric is null), 0)::bigint")
            .add(" as runs, sum(r.metric_sum) filter (where r.metric = ")
            .param(key)
            .add(") as metric_sum, coalesce(sum(r.runs) filter (where r.metric = ")
            .param(key)
            .add("), 0)::bigint as metric_count"),
        Sql.of(CUSTOM_EVENTS + " and (r.metric is null or r.metric = ").param(key).add(")"),
        "",
        Sql.of("r.name as name, count(*)::bigint as runs, sum(selene_metric(r.metadata, ")
            .param(key)
            .add(")) as metric_sum, count(selene_metric(r.metadata, ")
            .param(key)
            .add("))::bigint as metric_count"),
        CUSTOM_EVENTS,
        1,
        true,
        null,
        null);
  }
}
