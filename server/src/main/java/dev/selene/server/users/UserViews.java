package dev.selene.server.users;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/** The JSON shapes of the users API (camelCase, timestamps as ISO-8601 with milliseconds). */
final class UserViews {
  private UserViews() {}

  /** One row of the list: {@code cost} is null when none of the counted runs has a cost. */
  record UserSummary(
      long id,
      String createdAt,
      String externalId,
      String lastSeen,
      @JsonRawValue String props,
      Double cost) {}

  record UserPage(long total, int page, int limit, List<UserSummary> data) {}

  /**
   * One user with the totals of all their runs. Token sums count a missing value as 0; {@code cost}
   * is null when no run of the user has a price.
   */
  record UserDetail(
      long id,
      String createdAt,
      String projectId,
      String externalId,
      String lastSeen,
      @JsonRawValue String props,
      Double cost,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long runCount,
      String firstRunAt,
      String lastRunAt) {}

  /**
   * Usage of one (user, run name, run type) group; {@code userId} is null for runs without user.
   */
  record UserUsage(
      Long userId,
      String name,
      String type,
      long completionTokens,
      long promptTokens,
      double cost,
      long errors,
      long success) {}
}
