package dev.selene.server.analytics;

import dev.selene.server.http.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the shared run filter ({@code dev.selene.server.runs.filter}) until it lands: the
 * checks on type, models, status, users, tags and custom events, with the reference's syntax.
 */
final class InterimFilterParser {
  record Parsed(Sql where, List<String> checkIds) {}

  private InterimFilterParser() {}

  static Parsed parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return new Parsed(Sql.of("true"), List.of());
    }
    boolean or = raw.startsWith("OR&");
    String rest = or ? raw.substring(3) : raw;
    Sql where = new Sql();
    List<String> ids = new ArrayList<>();
    for (String pair : rest.split("&")) {
      int eq = pair.indexOf('=');
      String id = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      Sql check = check(id, value);
      if (check == null) {
        continue;
      }
      if (!ids.isEmpty()) {
        where.add(or ? " or " : " and ");
      }
      where.add("(").add(check).add(")");
      ids.add(id);
    }
    return ids.isEmpty() ? new Parsed(Sql.of("true"), ids) : new Parsed(where, ids);
  }

  private static Sql check(String id, String value) {
    return switch (id) {
      case "type" ->
          "trace".equals(once(value))
              ? Sql.of(
                  "r.type in ('agent', 'chain') and (r.parent_run_id is null or exists (select 1"
                      + " from run f_p where f_p.project_id = r.project_id and f_p.id ="
                      + " r.parent_run_id and f_p.type = 'chat'))")
              : Sql.of("r.type = ").param(once(value));
      case "models" -> in("r.name", items(value));
      case "status" -> Sql.of("r.status = ").param(once(value));
      case "users" -> {
        List<String> items = items(value);
        Sql sql = Sql.of("r.external_user_id in (");
        for (int i = 0; i < items.size(); i++) {
          try {
            sql.add(i == 0 ? "" : ", ").param(Long.parseLong(items.get(i)));
          } catch (NumberFormatException e) {
            throw ApiException.invalid("users", "must be comma-separated numeric user ids");
          }
        }
        yield sql.add(")");
      }
      case "tags" -> {
        Sql sql = Sql.of("r.tags && array[");
        List<String> items = items(value);
        for (int i = 0; i < items.size(); i++) {
          sql.add(i == 0 ? "" : ", ").param(items.get(i));
        }
        yield sql.add("]::text[]");
      }
      case "custom-events" ->
          Sql.of("r.type = 'custom-event' and ").add(in("r.name", items(value)));
      default -> null;
    };
  }

  private static Sql in(String column, List<String> items) {
    Sql sql = Sql.of(column + " in (");
    for (int i = 0; i < items.size(); i++) {
      sql.add(i == 0 ? "" : ", ").param(items.get(i));
    }
    return sql.add(")");
  }

  private static String once(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static List<String> items(String value) {
    List<String> out = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isEmpty()) {
        out.add(once(once(item)));
      }
    }
    if (out.isEmpty()) {
      throw ApiException.invalid("filter", "empty list");
    }
    return out;
  }
}
