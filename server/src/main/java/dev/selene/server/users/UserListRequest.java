package dev.selene.server.users;

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
 */
record UserListRequest(
    int page,
    int limit,
    String search,
    SortField sortField,
    boolean descending,
    DateWindow window,
    List<UserPropFilter> propFilters) {

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
        UserPropFilter.fromQueryString(rawQuery));
  }

  long offset() {
    return (long) page * limit;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
