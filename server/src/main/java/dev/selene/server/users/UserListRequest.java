package dev.selene.server.users;

import dev.selene.server.runs.filter.RunFilter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The validated parameters of {@code GET /v1/external-users}.
 *
 * @param search case-insensitive substring of the external id, {@code props.email} or {@code
 *     props.name}; null for none
 * @param window restricts which runs count toward each user's cost (not which users are listed)
 * @param propFilters {@code user-props=key.value} filters: every one must match (they restrict the
 *     users and the total)
 * @param costRuns the other checks of the run filter language ({@code type=llm}, {@code
 *     models=...}, {@code tags=...}, ...): they restrict which runs count toward each user's cost,
 *     as in the reference
 */
record UserListRequest(
    int page,
    int limit,
    String search,
    SortField sortField,
    boolean descending,
    DateWindow window,
    List<UserPropFilter> propFilters,
    RunFilter costRuns) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** What the list can be ordered by; nulls always come last. */
  enum SortField {
    CREATED_AT("createdAt", "u.created_at"),
    LAST_SEEN("lastSeen", "u.last_seen"),
    COST("cost", "cost");

    final String param;
    final String sql;

    SortField(String param, String sql) {
      this.param = param;
      this.sql = sql;
    }

    static SortField fromParam(String raw) {
      String name =
          QueryParams.oneOf(raw, "sortField", "createdAt", "createdAt", "lastSeen", "cost");
      for (SortField f : values()) {
        if (f.param.equals(name)) {
          return f;
        }
      }
      throw new IllegalStateException(name);
    }
  }

  static UserListRequest parse(Map<String, List<String>> query, String rawQuery) {
    int limit = QueryParams.intParam(first(query, "limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int page = QueryParams.intParam(first(query, "page"), "page", 0, 0, Integer.MAX_VALUE);
    String search = first(query, "search");
    String direction =
        QueryParams.oneOf(first(query, "sortDirection"), "sortDirection", "desc", "asc", "desc");
    return new UserListRequest(
        page,
        limit,
        search == null || search.isBlank() ? null : search.trim(),
        SortField.fromParam(first(query, "sortField")),
        direction.equals("desc"),
        DateWindow.parse(
            first(query, "startDate"), first(query, "endDate"), first(query, "timeZone")),
        UserPropFilter.fromQueryString(rawQuery),
        RunFilter.parse(withoutUserChecks(rawQuery)));
  }

  /**
   * The query string without the checks that are about the user rather than the runs: {@code
   * user-props} (applied to the users themselves) and {@code search} (which matches users here, not
   * run contents — unlike the reference, where it also restricts the cost runs).
   */
  static String withoutUserChecks(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    List<String> kept = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      try {
        name = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        // kept as sent: the run filter ignores names it does not know
      }
      if (!name.equals("user-props") && !name.equals("search")) {
        kept.add(pair);
      }
    }
    return String.join("&", kept);
  }

  long offset() {
    return (long) page * limit;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
