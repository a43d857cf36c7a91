package dev.selene.server.runs.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Accumulates SQL text and its bind values side by side, so they cannot get out of step. */
final class SqlBuilder {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();
  private final UUID projectId;

  /**
   * @param projectId the project the query reads, for subqueries that bind it themselves
   */
  SqlBuilder(UUID projectId) {
    this.projectId = projectId;
  }

  UUID projectId() {
    return projectId;
  }

  SqlBuilder sql(String text) {
    sql.append(text);
    return this;
  }

  /** Appends a {@code ?} bound to {@code value}. */
  SqlBuilder value(Object value) {
    sql.append('?');
    parameters.add(value);
    return this;
  }

  /** Appends {@code ?, ?, ...} bound to the values (callers never pass an empty list). */
  SqlBuilder values(Collection<?> values) {
    boolean first = true;
    for (Object value : values) {
      if (!first) {
        sql.append(", ");
      }
      value(value);
      first = false;
    }
    return this;
  }

  SqlFragment build() {
    return new SqlFragment(sql.toString(), parameters);
  }

  /** Escapes LIKE wildcards so user text matches literally (PostgreSQL's escape is {@code \}). */
  static String likeContains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
