package dev.selene.server.analytics;

import dev.selene.server.analytics.Rows.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;
import javax.sql.DataSource;

/**
 * Active users by a user property and date, from the per-user day rollup ({@link UserDays}),
 * counted here rather than in PostgreSQL.
 *
 * <p>The question is one join: every (bucket, user) pair of the range (~160 k in a busy month)
 * against the user's property value, then a count per (bucket, value) and the range's distinct
 * users. PostgreSQL's executor spends about a microsecond a pair on that join and those counts (200
 * ms of PostgreSQL time per request at 10 M runs, 115 ms without them); here each pair is a
 * bisection in a sorted array. One statement (one snapshot) lists each bucket's distinct users and
 * each value's users as comma-separated ids, one row per bucket and per value, the values in the
 * database's collation order.
 */
final class UsersByPropertyFromDays {
  private static final String UNKNOWN = "Unknown";

  private UsersByPropertyFromDays() {}

  /** Points {@code {date, name, value}} per bucket and value, and the range's distinct users. */
  static UserQueries.Result count(DataSource db, Scope scope, Bucketing b, String property) {
    Sql sql =
        UserDays.with(scope, b)
            .add(", bucket_users as (select p.b, string_agg(p.external_user_id::text, ',') as ids")
            .add(" from pairs p group by p.b)")
            .add(" select 0 as kind, d.label, null as name, u.ids from dates d")
            .add(" left join bucket_users u on u.b = d.key")
            // "Unknown" is always listed, for users without the property or without a user row
            .add(" union all select 1, null, n.name, string_agg(n.id::text, ',') from (")
            .add("select coalesce(eu.props ->> ")
            .param(property)
            .add(", '" + UNKNOWN + "') as name, eu.id from external_user eu")
            .add(" where eu.project_id = any(")
            .uuids(scope.projects())
            .add(") union all select '" + UNKNOWN + "', null) n group by n.name")
            // users of the range in no bucket of the dates (runs dated after now) count in the stat
            .add(" union all select 2, null, null, string_agg(f.external_user_id::text, ',')")
            .add(" from user_facts f where not exists (select 1 from dates d where d.key = f.b)")
            .add(" order by 1, 2, 3");
    List<Row> rows = Rows.queryPlannedEachTime(db, sql);
    Users users = new Users(rows.stream().filter(r -> r.count("kind") == 1).toList());
    List<Point> data = new ArrayList<>();
    for (Row r : rows) {
      if (r.count("kind") == 0) {
        addBucket(data, r.date("label"), r.text("ids"), users);
      } else if (r.count("kind") == 2) {
        forEachId(r.text("ids"), users::see);
      }
    }
    return new UserQueries.Result(data, users.seen());
  }

  /** The bucket's points: one per value with users, in collation order; "Unknown", 0 when none. */
  private static void addBucket(List<Point> data, String label, String ids, Users users) {
    long[] counts = new long[users.values.size()];
    forEachId(ids, id -> counts[users.see(id)]++);
    int before = data.size();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        data.add(new Point(label, counts[i], users.values.get(i)));
      }
    }
    if (data.size() == before) {
      data.add(new Point(label, 0L, UNKNOWN));
    }
  }

  /**
   * The property's values in collation order, each user's value, and which users were seen. The
   * users with a row (a project's every user is listed) are two parallel arrays sorted by id, 12
   * bytes a user searched by bisection, where a boxed map would cost ~80; the few seen without a
   * row are kept apart.
   */
  private static final class Users {
    final List<String> values = new ArrayList<>();
    private final long[] ids;
    private final int[] valueOf;
    private int unknown;
    private final BitSet seen = new BitSet();
    private final Set<Long> seenWithoutRow = new HashSet<>();

    /** From rows {@code name, ids}: a value and its users, the values in collation order. */
    Users(List<Row> rows) {
      List<long[]> usersOfValue = new ArrayList<>();
      for (Row r : rows) {
        if (UNKNOWN.equals(r.text("name"))) {
          unknown = values.size();
        }
        values.add(r.text("name"));
        usersOfValue.add(ids(r.text("ids")));
      }
      int n = usersOfValue.stream().mapToInt(users -> users.length).sum();
      long[] unsorted = new long[n];
      int[] valueOfUnsorted = new int[n];
      for (int value = 0, at = 0; value < values.size(); value++) {
        long[] users = usersOfValue.get(value);
        System.arraycopy(users, 0, unsorted, at, users.length);
        Arrays.fill(valueOfUnsorted, at, at + users.length, value);
        at += users.length;
      }
      ids = unsorted.clone();
      Arrays.sort(ids);
      valueOf = new int[n];
      for (int i = 0; i < n; i++) {
        valueOf[Arrays.binarySearch(ids, unsorted[i])] = valueOfUnsorted[i];
      }
    }

    /** Marks the user seen; their value's position. */
    int see(long user) {
      int index = Arrays.binarySearch(ids, user);
      if (index < 0) {
        seenWithoutRow.add(user);
        return unknown;
      }
      seen.set(index);
      return valueOf[index];
    }

    long seen() {
      return seen.cardinality() + seenWithoutRow.size();
    }
  }

  private static long[] ids(String ids) {
    LongStream.Builder out = LongStream.builder();
    forEachId(ids, out);
    return out.build().toArray();
  }

  /** Calls {@code action} with each id of a comma-separated list (null: none). */
  static void forEachId(String ids, LongConsumer action) {
    if (ids == null) {
      return;
    }
    long id = 0;
    boolean negative = false;
    for (int i = 0; i < ids.length(); i++) {
      char c = ids.charAt(i);
      if (c == ',') {
        action.accept(negative ? -id : id);
        id = 0;
        negative = false;
      } else if (c == '-') {
        negative = true;
      } else {
        id = id * 10 + (c - '0');
      }
    }
    action.accept(negative ? -id : id);
  }
}
