package dev.selene.server.runs;

import dev.selene.server.http.ApiException;
import dev.selene.server.runs.filter.RunExpressions;
import dev.selene.server.runs.filter.RunFilter;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code GET /v1/runs} (and its count and export) asks for: the filter, an optional parent,
 * the page and the order. Unlike the reference, which answers 500 for bad values, every invalid
 * parameter is a 422 naming it.
 */
record RunListRequest(
    RunFilter filter, UUID parentRunId, int limit, int page, String sortField, boolean descending) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  /** Sort keys over the run alias {@code r}. */
  private static final Map<String, String> SORT_KEYS =
      Map.of(
          "createdAt", "r.created_at",
          "duration", "r.duration",
          "tokens", RunExpressions.totalTokens("r"),
          "cost", "r.cost",
          "messagesCount", RunExpressions.threadMessagesCount("r"));

  static RunListRequest from(Context ctx) {
    RunFilter filter = RunFilter.parse(ctx.queryString());
    if (filter.isEmpty()) {
      filter = RunFilter.parse("type=llm"); // the reference's default when nothing is filtered
    }
    String parent = ctx.queryParam("parentRunId");
    UUID parentRunId =
        parent == null || parent.isEmpty() ? null : RunIds.parse("parentRunId", parent);
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int page = intParam(ctx, "page", 0, 0, Integer.MAX_VALUE / MAX_LIMIT);
    String sortField = ctx.queryParam("sortField");
    if (sortField != null && sortField.isEmpty()) {
      sortField = null;
    }
    if (sortField != null && !SORT_KEYS.containsKey(sortField)) {
      throw ApiException.invalid(
          "sortField", "must be one of createdAt, duration, tokens, cost, messagesCount");
    }
    String direction = ctx.queryParam("sortDirection");
    if (direction != null && !direction.isEmpty() && !direction.matches("asc|desc")) {
      throw ApiException.invalid("sortDirection", "must be asc or desc");
    }
    // The reference sorts a chosen field ascending unless told desc; unsorted lists are newest
    // first.
    boolean descending = sortField == null ? !"asc".equals(direction) : "desc".equals(direction);
    return new RunListRequest(filter, parentRunId, limit, page, sortField, descending);
  }

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(
        name, "must be an integer from " + min + " to " + max + ", got '" + raw + "'");
  }

  /** The key the inner query selects as {@code sort_key}. */
  String sortKey() {
    return SORT_KEYS.get(sortField == null ? "createdAt" : sortField);
  }

  /**
   * ORDER BY over a query exposing {@code sort_key}, {@code created_at} and {@code id} of alias
   * {@code r}. Creation order needs no NULLS clause (pending rows are never read), which keeps it
   * the order of the {@code (project_id, …, created_at desc)} indexes.
   */
  String orderBy(String sortKeyExpression) {
    String dir = descending ? "desc" : "asc";
    if (sortField == null || "createdAt".equals(sortField)) {
      return "r.created_at " + dir + ", r.id " + dir;
    }
    return sortKeyExpression + " " + dir + " nulls last, r.created_at desc, r.id desc";
  }
}
