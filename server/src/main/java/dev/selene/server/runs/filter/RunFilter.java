package dev.selene.server.runs.filter;

import dev.selene.server.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Lunary's check-based filter language, as the runs list, the export, analytics and the external
 * users list read it from the raw query string.
 *
 * <p>The query string is split on {@code &}; each {@code id=value} pair whose id is a known check
 * becomes a filter, every other pair ({@code limit}, {@code page}, {@code projectId}, …) is ignored
 * here. The value is split on {@code .} into the check's parameters in order (a literal dot is sent
 * as {@code %2E}); multi-select values are comma-separated and each item is percent-encoded twice.
 * A value with an empty part drops the check, as in the reference. A leading {@code OR&} combines
 * the checks with OR instead of AND. Examples:
 *
 * <pre>
 * type=llm&amp;models=gpt-4o,gpt-4o-mini&amp;date=gt.2025-01-01T00:00:00%2E000Z
 * OR&amp;feedback=%257B%2522thumb%2522%253A%2522down%2522%257D&amp;status=error
 * cost=gte.0%2E01&amp;tokens=total.gt.1000&amp;metadata=env.prod&amp;user-props=plan.pro
 * </pre>
 *
 * <p>Unlike the reference (which answers 500), a malformed check — a known id without {@code =},
 * too many or too few parts, an unknown operator, a non-numeric number, a bad date — is a 422
 * naming the check. Typical use:
 *
 * <pre>{@code
 * RunFilter filter = RunFilter.parse(ctx.queryString());
 * SqlFragment where = filter.toSql("r", projectId);
 * String sql = "select count(*) from run r where r.project_id = ? and r.created_at is not null"
 *     + " and " + where.sql();
 * ps.setObject(1, projectId);
 * where.bind(ps, 2);
 * }</pre>
 */
public final class RunFilter {
  private record Parsed(Checks.Spec spec, Map<String, Object> values) {}

  private final boolean or;
  private final List<Parsed> checks;

  private RunFilter(boolean or, List<Parsed> checks) {
    this.or = or;
    this.checks = List.copyOf(checks);
  }

  /**
   * Parses a raw (still percent-encoded) query string; {@code null} or empty gives an empty filter.
   *
   * @throws ApiException 422 naming the check when a recognised check is malformed
   */
  public static RunFilter parse(String rawQueryString) {
    if (rawQueryString == null || rawQueryString.isEmpty()) {
      return new RunFilter(false, List.of());
    }
    boolean or = rawQueryString.startsWith("OR&");
    String rest = or ? rawQueryString.substring(3) : rawQueryString;
    List<Parsed> checks = new ArrayList<>();
    for (String pair : rest.split("&")) {
      parsePair(pair).ifPresent(checks::add);
    }
    return new RunFilter(or, checks);
  }

  private static Optional<Parsed> parsePair(String pair) {
    int eq = pair.indexOf('=');
    String id = eq < 0 ? pair : pair.substring(0, eq);
    if (Checks.UNSUPPORTED.contains(id)) {
      throw ApiException.invalid(
          id, "this filter needs enrichment evaluators, which Selene does not run");
    }
    Optional<Checks.Spec> found = Checks.find(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Checks.Spec spec = found.get();
    if (eq < 0) {
      throw ApiException.invalid(id, "expected " + id + "=" + shape(spec));
    }
    String[] parts = pair.substring(eq + 1).split("\\.", -1);
    for (String part : parts) {
      if (part.isEmpty()) {
        return Optional.empty(); // the reference drops a check with an empty part
      }
    }
    if (parts.length != spec.params().size()) {
      String hint = parts.length > spec.params().size() ? " (send a literal '.' as %2E)" : "";
      throw ApiException.invalid(
          id,
          "expected "
              + spec.params().size()
              + " '.'-separated part(s) "
              + shape(spec)
              + ", got "
              + parts.length
              + hint);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      Param param = spec.params().get(i);
      String raw = parts[i].replace("%2C", ",").replace("%2c", ",");
      raw = raw.replace("%2E", ".").replace("%2e", ".");
      values.put(param.name(), param.decode(id, raw));
    }
    return Optional.of(new Parsed(spec, values));
  }

  private static String shape(Checks.Spec spec) {
    List<String> names = new ArrayList<>();
    for (Param p : spec.params()) {
      names.add("<" + p.name() + ">");
    }
    return String.join(".", names);
  }

  /**
   * True when the query string holds no recognised check (list endpoints then default the type).
   */
  public boolean isEmpty() {
    return checks.isEmpty();
  }

  /** Whether the checks are combined with OR (query string starting with {@code OR&}). */
  public boolean isOr() {
    return or;
  }

  /** Ids of the recognised checks, in query-string order. */
  public List<String> checkIds() {
    List<String> ids = new ArrayList<>();
    for (Parsed c : checks) {
      ids.add(c.spec().id());
    }
    return ids;
  }

  /**
   * The values of every occurrence of the multi-select check {@code id} ({@code tags}, {@code
   * models}...), in query-string order: {@code tags=a,b&tags=c} gives {@code [[a, b], [c]]}.
   */
  public List<List<String>> listValues(String id) {
    List<List<String>> out = new ArrayList<>();
    for (Parsed c : checks) {
      if (c.spec().id().equals(id)) {
        List<String> values = new ArrayList<>();
        for (Object o : (List<?>) c.values().get(c.spec().params().get(0).name())) {
          values.add(String.valueOf(o));
        }
        out.add(values);
      }
    }
    return out;
  }

  /** This filter without its {@code id} checks, combined as before (AND or OR). */
  public RunFilter without(String id) {
    List<Parsed> rest = new ArrayList<>();
    for (Parsed c : checks) {
      if (!c.spec().id().equals(id)) {
        rest.add(c);
      }
    }
    return new RunFilter(or, rest);
  }

  /**
   * The filter as a parenthesised boolean SQL expression over the {@code run} table aliased {@code
   * runAlias}, ready to be ANDed into a WHERE clause; {@code (true)} when empty. Subqueries that
   * look at related runs bind {@code projectId} themselves (so PostgreSQL can evaluate them once);
   * the caller still scopes its own query to the project and hides pending runs ({@code created_at
   * is null}).
   */
  public SqlFragment toSql(String runAlias, UUID projectId) {
    if (!runAlias.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a SQL alias: " + runAlias);
    }
    SqlBuilder out = new SqlBuilder(java.util.Objects.requireNonNull(projectId, "projectId"));
    if (checks.isEmpty()) {
      return out.sql("(true)").build();
    }
    out.sql("(");
    for (int i = 0; i < checks.size(); i++) {
      if (i > 0) {
        out.sql(or ? " or " : " and ");
      }
      Parsed check = checks.get(i);
      out.sql("(");
      check.spec().renderer().render(check.values(), runAlias, out);
      out.sql(")");
    }
    return out.sql(")").build();
  }
}
