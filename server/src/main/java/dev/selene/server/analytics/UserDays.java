package dev.selene.server.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The distinct end users of each local day, week or month, read mostly from the per-user day rollup
 * ({@code rollup_user_daily}: one row per UTC day and user with the user's first and last run that
 * day), exactly.
 *
 * <p>The range is cut in two, in one statement (one snapshot):
 *
 * <ul>
 *   <li>the <em>user days</em>: the whole UTC days of the range that hold no dirty hour and no
 *       change of the zone's UTC offset. Local time runs evenly through such a day, so at most one
 *       bucket boundary {@code b} falls inside it (a local midnight, at {@code day + (next local
 *       midnight - local time at day)}), and its row tells in which buckets the user has runs: in
 *       the one before {@code b} iff {@code first_at < b}, in the one from {@code b} iff {@code
 *       last_at >= b}. Key {@code kb} is the bucket of the day's start, {@code ka} that of its end.
 *   <li>everything else (the range's partial days, days with dirty hours, days of offset changes)
 *       through {@link Facts}, which skips the user days: hourly rollups, split hours and the rest
 *       read raw, as for any question.
 * </ul>
 *
 * The users of a bucket are then its <em>head</em> rows (rows of a user day starting in the bucket,
 * with a run before that day's boundary) plus the <em>others</em>: tail rows (of a user day ending
 * in the bucket, with a run from its boundary on) and the users of the facts. A bucket with one
 * head day (every daily bucket but the edges) takes its head rows as they are, one row per user,
 * and only checks its few others against them (a count looks each up in the day's index; a list
 * hashes them and streams the head rows past): nothing the size of the range is sorted or hashed.
 * Other buckets (weeks, months) deduplicate their users by hashing, bucket by bucket.
 */
final class UserDays {
  private UserDays() {}

  /**
   * Whether this question can be answered with day rows: whole local days, weeks or months, no
   * filter or condition (the day rows know no run but its user and time), rollups allowed, and at
   * least one whole UTC day in a bounded range.
   */
  static boolean applies(Scope scope, Bucketing bucketing) {
    return bucketing instanceof Bucketing.Local
        && scope.range().start() != null
        && scope.range().end() != null
        && scope.source() == Scope.Source.AUTO
        && scope.filter().isEmpty()
        && !scope.hasConditions()
        && Facts.usesRollups(scope, bucketing, RunFacts.activeUsers())
        && firstDay(scope.range()).isBefore(lastDayEnd(scope.range()));
  }

  /** The first UTC midnight at or after the range's first whole hour. */
  private static Instant firstDay(Range range) {
    Instant from = range.firstWholeHour();
    Instant floor = from.truncatedTo(ChronoUnit.DAYS);
    return floor.equals(from) ? floor : floor.plus(1, ChronoUnit.DAYS);
  }

  /** The last UTC midnight at or before the end of the range's last whole hour. */
  private static Instant lastDayEnd(Range range) {
    return range.lastWholeHourEnd().truncatedTo(ChronoUnit.DAYS);
  }

  /**
   * {@code with dates as (...), ...}: the buckets ({@code dates}: {@code key, label}); {@code
   * counts (b, n)}, the number of users of each bucket of {@code dates}; {@code pairs (b,
   * external_user_id)}, each user once per bucket of {@code dates}; and {@code range_users
   * (external_user_id)}, each user of the range once. Requires {@link #applies}.
   */
  static Sql with(Scope scope, Bucketing bucketing) {
    Bucketing.Local local = (Bucketing.Local) bucketing;
    Instant from = firstDay(scope.range());
    Instant to = lastDayEnd(scope.range());
    Sql sql = Sql.of("with dates as (").add(local.dates()).add("), ");
    sql.add("user_days as materialized (").add(userDays(scope, local, from, to)).add("), ");
    sql.add("user_facts as materialized (")
        .add(
            Facts.query(
                scope, local, RunFacts.activeUsers(), Sql.of("array(select day from user_days)")))
        .add("), ");
    // the facts' users by bucket, so that a bucket finds its own without scanning all of them
    sql.add("bucket_facts as materialized (select f.b, array_agg(f.external_user_id) as users")
        .add(" from user_facts f group by f.b), ");
    // per bucket: how many user days start in it, and which (with its boundary) when only one
    sql.add("user_buckets as materialized (select d.key, count(u.day) as head_days,")
        .add(" min(u.day) as head_day, min(u.b) as head_b from dates d")
        .add(" left join user_days u on u.kb = d.key group by d.key), ");
    // counted bucket by bucket (once: materialized), the head rows by an index range count
    sql.add("counts as materialized (select p.key as b, case when p.head_days = 1")
        .add(" then (select count(*)")
        .add(" from rollup_user_daily r where r.project_id = any(")
        .uuids(scope.projects())
        .add(") and r.day = p.head_day and (p.head_b is null or r.first_at < p.head_b))")
        .add(" + (select count(*) from (")
        .add(othersNotInHeadRows(scope, from, to))
        .add(") o) else (select count(*) from (")
        .add(allUsers(scope, from, to))
        .add(") a) end as n from user_buckets p), ");
    sql.add("pairs as (")
        .add(singleHeadDay(scope, from, to))
        .add(" union all ")
        .add(severalHeadDays(scope, from, to))
        .add("), ");
    sql.add("range_users as (select r.external_user_id from user_days u")
        .add(dayRows(scope, from, to))
        .add(" union select f.external_user_id from user_facts f) ");
    return sql;
  }

  /**
   * The whole UTC days of [from, to) read from day rows, with {@code kb}, {@code ka} and the
   * boundary {@code b} (null when none). A day qualifies when the local time elapsed at each of its
   * hours equals the real time elapsed (no offset change inside), and no hour of it is dirty for a
   * project in scope (the same rows {@link Facts} reads raw, in the same snapshot). With an even
   * offset, {@code ka - lg} is under 24 hours, a plain time interval.
   */
  private static Sql userDays(Scope scope, Bucketing.Local b, Instant from, Instant to) {
    String unit = b.granularity().unit;
    return Sql.of("select s.day, s.kb, s.ka, case when s.ka <> s.kb then s.day + (s.ka - s.lg) end")
        .add(" as b from (select g as day, ")
        .add(b.key("g"))
        .add(" as kb, ")
        .add(b.key("(g + interval '24 hours' - interval '1 microsecond')"))
        .add(" as ka, (g at time zone ")
        .param(b.zone())
        .add(") as lg from generate_series(")
        .instant(from)
        .add(", ")
        .instant(to)
        .add(" - interval '24 hours', interval '24 hours') g) s")
        .add(" where (s.ka = s.kb or s.ka = s.kb + interval '1 " + unit + "')")
        .add(" and not exists (select 1 from generate_series(s.day + interval '1 hour',")
        .add(" s.day + interval '24 hours', interval '1 hour') h where (h at time zone ")
        .param(b.zone())
        .add(") - s.lg <> h - s.day)")
        .add(" and not exists (select 1 from rollup_dirty d where d.project_id = any(")
        .uuids(scope.projects())
        .add(") and d.hour >= s.day and d.hour < s.day + interval '24 hours')");
  }

  /**
   * {@code join rollup_user_daily r} on the day of {@code u}; the range bounds keep a misjudged
   * plan from reading the project's other days.
   */
  private static Sql dayRows(Scope scope, Instant from, Instant to) {
    return Sql.of(" join rollup_user_daily r on r.project_id = any(")
        .uuids(scope.projects())
        .add(") and r.day = u.day and r.day >= ")
        .instant(from)
        .add(" and r.day < ")
        .instant(to);
  }

  /**
   * The users of the buckets with one head day, once each: its head rows (one per user) and the
   * bucket's few others, deduplicated by a full join on the user in which only the others are
   * hashed. Cheaper than looking each other up in the head day's index (measured on the 10 M-run
   * bench: ~10 ms of a 200 ms request).
   */
  private static Sql singleHeadDay(Scope scope, Instant from, Instant to) {
    return Sql.of("select p.key as b, x.external_user_id from user_buckets p cross join lateral (")
        .add("select coalesce(h.external_user_id, o.external_user_id) as external_user_id from (")
        .add("select r.external_user_id from rollup_user_daily r where r.project_id = any(")
        .uuids(scope.projects())
        .add(") and r.day = p.head_day and r.day >= ")
        .instant(from)
        .add(" and r.day < ")
        .instant(to)
        .add(
            " and (p.head_b is null or r.first_at < p.head_b)) h full join (select y.external_user_id")
        .add(" from (")
        .add(others(scope, from, to))
        .add(
            ") y group by 1) o on o.external_user_id = h.external_user_id) x where p.head_days = 1");
  }

  /**
   * The others of bucket {@code p} (one head day), deduplicated, without the users of its head
   * rows: each looked up in the day's unique index. A scalar count, not EXISTS, which the planner
   * may turn into a hash of the whole head day per bucket.
   */
  private static Sql othersNotInHeadRows(Scope scope, Instant from, Instant to) {
    return Sql.of("select x.external_user_id from (")
        .add(others(scope, from, to))
        .add(") x group by 1 having (select count(*) from rollup_user_daily h")
        .add(" where h.project_id = any(")
        .uuids(scope.projects())
        .add(") and h.day = p.head_day and h.external_user_id = x.external_user_id")
        .add(" and (p.head_b is null or h.first_at < p.head_b)) = 0");
  }

  /** The users of the other buckets (several head days, or none), deduplicated per bucket. */
  private static Sql severalHeadDays(Scope scope, Instant from, Instant to) {
    return Sql.of("select p.key, a.external_user_id from user_buckets p cross join lateral (")
        .add(allUsers(scope, from, to))
        .add(") a where p.head_days <> 1");
  }

  /** Every user of bucket {@code p}, once: head rows and others, hashed. */
  private static Sql allUsers(Scope scope, Instant from, Instant to) {
    return Sql.of("select x.external_user_id from (select r.external_user_id from user_days u")
        .add(dayRows(scope, from, to))
        .add(" where u.kb = p.key and (u.b is null or r.first_at < u.b) union all ")
        .add(others(scope, from, to))
        .add(") x group by 1");
  }

  /** Tail rows ending in bucket {@code p.key}, and the facts' users of that bucket. */
  private static Sql others(Scope scope, Instant from, Instant to) {
    return Sql.of("select r.external_user_id from user_days u")
        .add(dayRows(scope, from, to))
        .add(" where u.ka = p.key and u.b is not null and r.last_at >= u.b")
        .add(" union all select unnest(f.users) from bucket_facts f where f.b = p.key");
  }
}
