package dev.selene.server.users;

import dev.selene.server.http.ApiException;

/** Validation of single query parameters, with 422 errors that name the parameter. */
final class QueryParams {
  private QueryParams() {}

  /** {@code raw} as an integer in {@code [min, max]}; {@code fallback} when absent or blank. */
  static int intParam(String raw, String name, int fallback, int min, int max) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(
        name, "must be an integer between " + min + " and " + max + ", got '" + raw + "'");
  }

  /** {@code raw} when it is one of {@code allowed} (exact match), else 422 listing them. */
  static String oneOf(String raw, String name, String fallback, String... allowed) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    for (String candidate : allowed) {
      if (candidate.equals(raw)) {
        return candidate;
      }
    }
    throw ApiException.invalid(
        name, "must be one of " + String.join(", ", allowed) + ", got '" + raw + "'");
  }
}
