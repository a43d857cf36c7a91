package dev.selene.server.runs.filter;

import java.util.List;

/** The comparison operators of numeric and date checks, and their SQL. */
final class Operators {
  static final List<String> NAMES = List.of("gt", "gte", "lt", "lte", "eq", "neq");

  private Operators() {}

  static String sql(String name) {
    return switch (name) {
      case "gt" -> ">";
      case "gte" -> ">=";
      case "lt" -> "<";
      case "lte" -> "<=";
      case "eq" -> "=";
      case "neq" -> "<>";
      default -> throw new IllegalArgumentException("unknown operator " + name);
    };
  }
}
