package dev.selene.server.analytics;

import static dev.selene.server.analytics.RunFacts.Measure.DURATIONS;
import static dev.selene.server.analytics.RunFacts.Measure.DURATION_US;

import dev.selene.server.analytics.Rows.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Latency percentiles per bucket, and the average LLM latency over the range. */
final class LatencyQuery {
  record Result(List<Point> data, double stat) {}

  private final DataSource db;

  LatencyQuery(DataSource db) {
    this.db = db;
  }

  Result run(Scope scope, SeriesRequest req) {
    Bucketing b = Bucketing.of(req);
    Sql sql =
        SeriesQueries.withFacts(b, Facts.query(scope, b, RunFacts.latencyHistogram(scope.filter())))
            .add(
                "select d.label, f.bin, sum(f.n)::bigint as n, sum(f.s) as s"
                    + " from dates d left join facts f on f.b = d.key"
                    + " group by d.label, f.bin order by d.label, f.bin");
    Map<String, List<Percentiles.Bin>> histograms = new LinkedHashMap<>();
    for (Row r : Rows.query(db, sql)) {
      List<Percentiles.Bin> bins =
          histograms.computeIfAbsent(r.date("label"), k -> new ArrayList<>());
      if (r.count("n") > 0) {
        bins.add(new Percentiles.Bin(r.count("n"), r.number("s")));
      }
    }
    List<Point> data = new ArrayList<>();
    histograms.forEach(
        (date, bins) -> {
          for (int i = 0; i < Percentiles.QUANTILES.length; i++) {
            data.add(
                new Point(
                    date,
                    Percentiles.seconds(bins, Percentiles.QUANTILES[i]),
                    Percentiles.NAMES[i]));
          }
        });
    return new Result(data, averageLlmSeconds(scope));
  }

  /** Mean duration of the LLM runs in scope, in seconds (0 when none has ended). */
  private double averageLlmSeconds(Scope scope) {
    Sql sql =
        Sql.of("select coalesce(sum(f.duration_us), 0) as us, coalesce(sum(f.durations), 0) as n")
            .add(" from (")
            .add(
                Facts.query(
                    scope.and("r.type = 'llm'"),
                    null,
                    RunFacts.spec(List.of(), List.of(DURATIONS, DURATION_US))))
            .add(") f");
    Row r = Rows.query(db, sql).get(0);
    long n = r.count("n");
    return n == 0 ? 0 : Math.round(r.decimal("us").doubleValue() / n) / 1_000_000d;
  }
}
