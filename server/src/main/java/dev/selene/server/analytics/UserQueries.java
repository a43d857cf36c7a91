package dev.selene.server.analytics;

import dev.selene.server.analytics.Rows.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * End-user series: active users, new users and average cost per user, each with a {@code stat} over
 * the whole range. They read the per-user hourly rollup when the request has no filter; active
 * users (alone, by property, and as the divisor of the average cost) in local days, weeks or months
 * read the per-user day rollup instead ({@link UserDays}).
 *
 * <p>A user is <em>new</em> in a bucket when one of their runs in it happened within 7 days (168
 * hours) after the user was first seen ({@code external_user.created_at}). Average cost per user is
 * the mean, over the users with runs in the bucket, of their total cost there (runs without a cost
 * count as 0); buckets where it is 0 are left out, as in the reference.
 */
final class UserQueries {
  record Result(List<?> data, Number stat) {}

  private final DataSource db;

  UserQueries(DataSource db) {
    this.db = db;
  }

  Result active(Scope scope, SeriesRequest req) {
    return distinctUsers(scope, req, false);
  }

  Result fresh(Scope scope, SeriesRequest req) {
    return distinctUsers(scope, req, true);
  }

  /**
   * One pass over the facts: distinct users per bucket and over the whole range (grouping sets; the
   * row of the empty grouping set, {@code whole = 1}, is the {@code stat}).
   */
  private Result distinctUsers(Scope scope, SeriesRequest req, boolean onlyNew) {
    Bucketing b = Bucketing.of(req);
    if (!onlyNew && UserDays.applies(scope, b)) {
      return counts(
          UserDays.with(scope, b)
              .add("select d.label, coalesce(c.n, 0) as value, 0 as whole from dates d")
              .add(" left join counts c on c.b = d.key")
              .add(" union all select null, count(*), 1 from range_users order by 3, 1"));
    }
    Sql sql =
        withUserFacts(scope, b, users(scope, onlyNew))
            .add(", counts as (select u.b, count(distinct u.external_user_id) as n,")
            .add(" grouping(u.b) as whole from users u group by grouping sets ((u.b), ()))")
            .add(" select d.label, coalesce(c.n, 0) as value, 0 as whole from dates d")
            .add(" left join counts c on c.b = d.key and c.whole = 0")
            .add(" union all select null, n, 1 from counts where whole = 1 order by 3, 1");
    return counts(sql);
  }

  /** Rows {@code label, value, whole}: the points, then the stat ({@code whole = 1}). */
  private Result counts(Sql sql) {
    List<Point> data = new ArrayList<>();
    long stat = 0;
    for (Row r : Rows.queryPlannedEachTime(db, sql)) {
      if (r.count("whole") == 1) {
        stat = r.count("value");
      } else {
        data.add(new Point(r.date("label"), r.count("value"), "Count"));
      }
    }
    return new Result(data, stat);
  }

  /** Distinct users (or new users) over the whole range. */
  private long distinctStat(Scope scope, boolean onlyNew) {
    Sql stat =
        withUserFacts(scope, null, users(scope, onlyNew))
            .add("select count(distinct u.external_user_id) as stat from users u");
    return Rows.queryPlannedEachTime(db, stat).get(0).count("stat");
  }

  /**
   * The mean over users of their total cost is the total cost over the number of distinct users, so
   * each bucket (and the whole range, as in {@link #distinctUsers}) needs one pass and no per-user
   * totals.
   */
  Result averageCost(Scope scope, SeriesRequest req) {
    Bucketing b = Bucketing.of(req);
    if (UserDays.applies(scope, b)) {
      return averageCostFromDays(scope, b);
    }
    Sql sql =
        withUserFacts(scope, b, RunFacts.userCosts())
            .add(", totals as (select u.b, sum(u.cost) as cost,")
            .add(" count(distinct u.external_user_id) as users, grouping(u.b) as whole")
            .add(" from users u group by grouping sets ((u.b), ()))")
            .add(" select d.label, c.cost / c.users as value, 0 as whole from dates d")
            .add(" join totals c on c.b = d.key and c.whole = 0 where c.users > 0 and c.cost <> 0")
            .add(" union all select null, cost / nullif(users, 0), 1 from totals where whole = 1")
            .add(" order by 3, 1");
    return costs(sql);
  }

  /**
   * The same from the day rollup: the users of each bucket from {@link UserDays}, the cost from the
   * hourly totals of the runs with a user (a split day's cost is divided between its buckets hour
   * by hour, split hours raw). Same numeric sums and division as above, so equal values.
   */
  private Result averageCostFromDays(Scope scope, Bucketing b) {
    Sql sql =
        UserDays.with(scope, b)
            .add(", costs as materialized (")
            .add(Facts.query(scope, b, RunFacts.userCostTotal()))
            .add("), totals as (select c.b, sum(c.cost) as cost from costs c group by c.b)")
            .add(" select d.label, t.cost / u.n as value, 0 as whole from dates d")
            .add(" join totals t on t.b = d.key")
            .add(" join counts u on u.b = d.key")
            .add(" where u.n > 0 and t.cost <> 0")
            .add(" union all select null, (select sum(cost) from costs)")
            .add(" / nullif((select count(*) from range_users), 0), 1 order by 3, 1");
    return costs(sql);
  }

  /** Rows {@code label, value, whole}: the points, then the stat ({@code whole = 1}). */
  private Result costs(Sql sql) {
    List<Point> data = new ArrayList<>();
    double stat = 0;
    for (Row r : Rows.queryPlannedEachTime(db, sql)) {
      if (r.count("whole") == 1) {
        stat = r.number("value");
      } else {
        data.add(new Point(r.date("label"), r.number("value"), "Cost"));
      }
    }
    return new Result(data, stat);
  }

  /**
   * Distinct users per bucket and value of the user property {@code first} ("Unknown" when the user
   * has none, or no row in the question's projects): points {@code {date, name, value}}, and the
   * {@code stat}. From the day rollup when it applies ({@link UsersByPropertyFromDays}); otherwise
   * in one pass (the row with {@code whole = 1} is the stat). The (bucket, user) pairs are made
   * distinct first; each distinct user's value is read once (not once per bucket, and without
   * hashing the whole external_user table); a user has one value, so counting pairs per (bucket,
   * value) counts distinct users.
   */
  Result byPropAndDate(Scope scope, SeriesRequest req, boolean onlyNew, String first) {
    Bucketing b = Bucketing.of(req);
    if (!onlyNew && UserDays.applies(scope, b)) {
      return UsersByPropertyFromDays.count(db, scope, b, first);
    }
    Sql sql =
        withUserFacts(scope, b, users(scope, onlyNew))
            .add(", pairs as materialized (select u.b, u.external_user_id from users u")
            .add(" group by u.b, u.external_user_id), names as materialized (select")
            .add(" s.external_user_id, eu.props ->> ")
            .param(first)
            .add(" as name from (select p.external_user_id from pairs p group by 1) s")
            .add(" left join external_user eu on eu.id = s.external_user_id")
            .add(" and eu.project_id = any(")
            .uuids(scope.projects())
            .add(")) select d.label, coalesce(n.name, 'Unknown') as name,")
            .add(" count(p.external_user_id) as value, 0 as whole from dates d")
            .add(" left join pairs p on p.b = d.key")
            .add(" left join names n on n.external_user_id = p.external_user_id group by 1, 2")
            .add(" union all select null, null, count(*), 1 from names order by 4, 1, 2");
    List<Point> data = new ArrayList<>();
    long stat = 0;
    for (Row r : Rows.queryPlannedEachTime(db, sql)) {
      if (r.count("whole") == 1) {
        stat = r.count("value");
      } else {
        data.add(new Point(r.date("label"), r.count("value"), r.text("name")));
      }
    }
    return new Result(data, stat);
  }

  /**
   * Users with runs in the range, counted per value of property {@code second} and split by value
   * of property {@code first}: rows {@code {value: <second value>, <first value>: count, ...}}.
   */
  Result byProps(Scope scope, boolean onlyNew, String first, String second) {
    Sql sql =
        withUserFacts(scope, null, users(scope, onlyNew))
            .add("select eu.props ->> ")
            .param(second)
            .add(" as second, coalesce(eu.props ->> ")
            .param(first)
            .add(", 'Unknown') as first, count(distinct eu.id) as users")
            .add(" from users u join external_user eu on eu.id = u.external_user_id")
            .add(" where eu.props ->> ")
            .param(second)
            .add(" is not null group by 1, 2 order by 1, 2");
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    for (Row r : Rows.queryPlannedEachTime(db, sql)) {
      Map<String, Object> row =
          rows.computeIfAbsent(
              r.text("second"),
              v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("value", v);
                return m;
              });
      row.put(r.text("first"), r.count("users"));
    }
    return new Result(new ArrayList<>(rows.values()), distinctStat(scope, onlyNew));
  }

  private static FactSpec users(Scope scope, boolean onlyNew) {
    return onlyNew ? RunFacts.newUsers(scope) : RunFacts.activeUsers();
  }

  /** {@code with [dates,] users as (<facts>)}: one row per bucket and user (per part). */
  private static Sql withUserFacts(Scope scope, Bucketing b, FactSpec spec) {
    Sql sql = Sql.of("with ");
    if (b != null) {
      sql.add("dates as (").add(b.dates()).add("), ");
    }
    return sql.add("users as (").add(Facts.query(scope, b, spec)).add(") ");
  }
}
