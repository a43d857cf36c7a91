package dev.selene.server.auth;

import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;

/** What handlers ask about the caller. Every project-scoped query takes its id from here. */
public final class Auth {
  private static final String ATTRIBUTE = "selene.principal";

  private Auth() {}

  static void set(Context ctx, Principal principal) {
    ctx.attribute(ATTRIBUTE, principal);
  }

  public static Optional<Principal> principal(Context ctx) {
    return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }

  /** The caller's project; 401 when the credential names none. */
  public static UUID projectId(Context ctx) {
    Principal p =
        principal(ctx)
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "Missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
    if (p.projectId() == null) {
      throw ApiException.unauthorized(
          "This route needs a project: use a project key, or pass ?projectId= with a session");
    }
    return p.projectId();
  }

  /** For routes the public key may reach but must not change (403 for the public key). */
  public static UUID requirePrivate(Context ctx) {
    UUID project = projectId(ctx);
    if (principal(ctx).orElseThrow().kind() == KeyKind.PUBLIC) {
      throw ApiException.forbidden("This route requires a private API key");
    }
    return project;
  }
}
