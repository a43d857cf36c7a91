package dev.selene.server.users;

import dev.selene.server.auth.Auth;
import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.util.UUID;

/** HTTP only: reads parameters, calls the store, writes the answer. */
final class UsersHandler {
  /** Upper bound of {@code days} for the usage report: ten years. */
  private static final int MAX_USAGE_DAYS = 3650;

  private final UserStore store;
  private final UserErasure erasure;

  UsersHandler(UserStore store, UserErasure erasure) {
    this.store = store;
    this.erasure = erasure;
  }

  void list(Context ctx) {
    UUID project = Auth.projectId(ctx);
    UserListRequest request = UserListRequest.parse(ctx.queryParamMap(), ctx.queryString());
    ctx.json(store.list(project, request));
  }

  void get(Context ctx) {
    UUID project = Auth.projectId(ctx);
    long id = userId(ctx);
    ctx.json(store.find(project, id).orElseThrow(() -> notFound(id)));
  }

  void delete(Context ctx) {
    UUID project = Auth.projectId(ctx);
    long id = userId(ctx);
    if (!erasure.erase(project, id)) {
      throw notFound(id);
    }
    ctx.status(204);
  }

  void propKeys(Context ctx) {
    ctx.json(store.propKeys(Auth.projectId(ctx)));
  }

  void usage(Context ctx) {
    UUID project = Auth.projectId(ctx);
    int days = QueryParams.intParam(ctx.queryParam("days"), "days", 1, 1, MAX_USAGE_DAYS);
    ctx.json(store.usage(project, days));
  }

  private static long userId(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(
        "id", "must be the numeric id of the external user (the 'id' field), got '" + raw + "'");
  }

  private static ApiException notFound(long id) {
    return ApiException.notFound("External user " + id + " not found in this project");
  }
}
