package dev.selene.server.analytics;

import static dev.selene.server.analytics.RunFacts.Dim.NAME;
import static dev.selene.server.analytics.RunFacts.Dim.TYPE;
import static dev.selene.server.analytics.RunFacts.Measure.COMPLETION_TOKENS;
import static dev.selene.server.analytics.RunFacts.Measure.COST;
import static dev.selene.server.analytics.RunFacts.Measure.ERRORS;
import static dev.selene.server.analytics.RunFacts.Measure.PROMPT_TOKENS;
import static dev.selene.server.analytics.RunFacts.Measure.RUNS;
import static dev.selene.server.analytics.RunFacts.Measure.THUMBS_DOWN;
import static dev.selene.server.analytics.RunFacts.Measure.THUMBS_UP;

import dev.selene.server.analytics.Rows.Row;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The per-bucket series ({@code {date, value, name}} points): tokens, costs, errors, runs, run
 * types, threads, thumbs, feedback ratio and custom events.
 */
final class SeriesQueries {
  private final DataSource db;

  SeriesQueries(DataSource db) {
    this.db = db;
  }

  /** Prompt + completion tokens per bucket and run name (a missing side counts as 0). */
  List<Point> tokens(Scope scope, SeriesRequest req) {
    FactSpec spec = RunFacts.spec(List.of(NAME), List.of(PROMPT_TOKENS, COMPLETION_TOKENS));
    return points(
        scope,
        req,
        spec,
        "coalesce(sum(f.prompt_tokens + f.completion_tokens), 0)::bigint",
        "f.name",
        r -> r.count("value"));
  }

  List<Point> costs(Scope scope, SeriesRequest req) {
    FactSpec spec = RunFacts.spec(List.of(NAME), List.of(COST));
    return points(scope, req, spec, "coalesce(sum(f.cost), 0)", "f.name", r -> r.number("value"));
  }

  /** Runs that carry an error, per bucket (every bucket, whatever the granularity). */
  List<Point> errors(Scope scope, SeriesRequest req) {
    FactSpec spec = RunFacts.spec(List.of(), List.of(ERRORS));
    return points(
        scope, req, spec, "coalesce(sum(f.errors), 0)::bigint", "'error'", r -> r.count("value"));
  }

  /** Runs per bucket; no points at all when there is no run in the range, as the reference. */
  List<Point> runs(Scope scope, SeriesRequest req) {
    List<Point> points = count(scope, req, "Events");
    return points.stream().allMatch(p -> p.value().longValue() == 0) ? List.of() : points;
  }

  List<Point> runTypes(Scope scope, SeriesRequest req) {
    FactSpec spec = RunFacts.spec(List.of(TYPE), List.of(RUNS));
    return points(
        scope, req, spec, "coalesce(sum(f.runs), 0)::bigint", "f.type", r -> r.count("value"));
  }

  /** Runs per bucket and tag: a run with several tags counts under each; untagged runs do not. */
  List<Point> runTags(Scope scope, SeriesRequest req) {
    return points(
        scope,
        req,
        RunFacts.perTag(),
        "coalesce(sum(f.runs), 0)::bigint",
        "f.name",
        r -> r.count("value"));
  }

  /** Threads started per bucket. */
  List<Point> threads(Scope scope, SeriesRequest req) {
    return count(scope.and("r.type = 'thread'"), req, "Count");
  }

  List<Point> thumbs(Scope scope, SeriesRequest req, boolean up) {
    RunFacts.Measure m = up ? THUMBS_UP : THUMBS_DOWN;
    return points(
        scope,
        req,
        RunFacts.spec(List.of(), List.of(m)),
        "coalesce(sum(f." + m.alias() + "), 0)::bigint",
        up ? "'Thumbs Up'" : "'Thumbs Down'",
        r -> r.count("value"));
  }

  /** (up - down) / (up + down) per bucket, 0 when a bucket has no thumbs. */
  List<Point> feedbackRatio(Scope scope, SeriesRequest req) {
    Bucketing b = Bucketing.of(req);
    Sql sql =
        withFacts(
                b, Facts.query(scope, b, RunFacts.spec(List.of(), List.of(THUMBS_UP, THUMBS_DOWN))))
            .add(
                "select d.label, coalesce(sum(f.thumbs_up), 0)::bigint as up,"
                    + " coalesce(sum(f.thumbs_down), 0)::bigint as down"
                    + " from dates d left join facts f on f.b = d.key"
                    + " group by d.label order by d.label");
    List<Point> out = new ArrayList<>();
    for (Row r : Rows.query(db, sql)) {
      long up = r.count("up");
      long down = r.count("down");
      double ratio = up + down == 0 ? 0 : (double) (up - down) / (up + down);
      out.add(new Point(r.date("label"), ratio, "Ratio"));
    }
    return out;
  }

  /** Custom events per bucket and event name. */
  List<Point> customEvents(Scope scope, SeriesRequest req) {
    return points(
        scope.and("r.type = 'custom-event'"),
        req,
        RunFacts.customEvents(),
        "coalesce(sum(f.runs), 0)::bigint",
        "f.name",
        r -> r.count("value"));
  }

  /** A custom event's count per bucket and name, with the sum and mean of one of its metrics. */
  record MetricPoint(
      String date, long value, String name, String metric, double sum, Double average) {}

  List<MetricPoint> customEventMetric(Scope scope, SeriesRequest req, String metric) {
    Bucketing b = Bucketing.of(req);
    Sql sql =
        withFacts(
                b,
                Facts.query(
                    scope.and("r.type = 'custom-event'"), b, RunFacts.customEventMetric(metric)))
            .add(
                "select d.label, f.name, coalesce(sum(f.runs), 0)::bigint as value,"
                    + " coalesce(sum(f.metric_sum), 0) as metric_sum,"
                    + " coalesce(sum(f.metric_count), 0)::bigint as metric_count"
                    + " from dates d left join facts f on f.b = d.key"
                    + " group by d.label, f.name order by d.label, f.name nulls first");
    List<MetricPoint> out = new ArrayList<>();
    for (Row r : Rows.query(db, sql)) {
      long n = r.count("metric_count");
      BigDecimal sum = r.decimal("metric_sum");
      Double average =
          n == 0 ? null : sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL64).doubleValue();
      out.add(
          new MetricPoint(
              r.date("label"),
              r.count("value"),
              r.text("name"),
              metric,
              sum.doubleValue(),
              average));
    }
    return out;
  }

  private List<Point> count(Scope scope, SeriesRequest req, String label) {
    FactSpec spec = RunFacts.spec(List.of(), List.of(RUNS));
    return points(
        scope,
        req,
        spec,
        "coalesce(sum(f.runs), 0)::bigint",
        "'" + label + "'",
        r -> r.count("value"));
  }

  /**
   * One point per bucket (and per name when {@code name} is a fact column): every bucket of the
   * range appears, empty ones with value 0 and a null name.
   */
  private List<Point> points(
      Scope scope,
      SeriesRequest req,
      FactSpec spec,
      String value,
      String name,
      Function<Row, Number> read) {
    Bucketing b = Bucketing.of(req);
    boolean grouped = name.startsWith("f.");
    Sql sql =
        withFacts(b, Facts.query(scope, b, spec))
            .add("select d.label, " + value + " as value, " + name + " as name")
            .add(" from dates d left join facts f on f.b = d.key")
            .add(" group by d.label" + (grouped ? ", " + name : ""))
            .add(" order by d.label" + (grouped ? ", " + name + " nulls first" : ""));
    List<Point> out = new ArrayList<>();
    for (Row r : Rows.query(db, sql)) {
      out.add(new Point(r.date("label"), read.apply(r), r.text("name")));
    }
    return out;
  }

  static Sql withFacts(Bucketing b, Sql facts) {
    return Sql.of("with dates as (").add(b.dates()).add("), facts as (").add(facts).add(") ");
  }
}
