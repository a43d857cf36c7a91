package dev.selene.server.auth;

import dev.selene.server.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs before every route: finds the credential ({@code Authorization: <scheme> <key>}, {@code
 * X-API-Key} or LangWatch's {@code X-Auth-Token}), resolves it and checks that its kind may use the
 * route. The resulting {@link Principal} is read by handlers through {@link Auth}.
 */
public final class Authenticator {
  private final ApiKeyStore keys;
  private final SessionVerifier sessions;

  public Authenticator(ApiKeyStore keys, SessionVerifier sessions) {
    this.keys = keys;
    this.sessions = sessions;
  }

  public void register(RoutesConfig routes) {
    routes.before(this::authenticate);
  }

  private void authenticate(Context ctx) {
    String method = ctx.method().name();
    if ("OPTIONS".equals(method)) {
      return;
    }
    String path = ctx.path();
    if (PublicRoutes.checksOwnCredentials(method, path)) {
      return;
    }
    Optional<String> credential = credential(ctx);
    if (credential.isEmpty()) {
      if (PublicRoutes.allowsAnonymous(method, path)) {
        return;
      }
      throw ApiException.unauthorized(
          "Missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
    }
    Principal principal = resolve(credential.get(), ctx);
    switch (principal.kind()) {
      case ORG_PRIVATE -> {
        if (!PublicRoutes.isOrgKeyRoute(method, path)) {
          throw ApiException.unauthorized("Org API key cannot access this route");
        }
      }
      case PUBLIC -> {
        if (!PublicRoutes.allowsPublicKey(method, path)) {
          throw ApiException.forbidden(
              "This route requires a private API key; the public key can only ingest, read run"
                  + " feedback and fetch the latest template versions");
        }
      }
      default -> {}
    }
    Auth.set(ctx, principal);
  }

  private Principal resolve(String credential, Context ctx) {
    Optional<Principal> byKey = keys.find(credential);
    if (byKey.isPresent()) {
      return byKey.get();
    }
    if (SessionVerifier.looksLikeJwt(credential)) {
      return sessions.verify(credential, ctx.queryParam("projectId"));
    }
    throw ApiException.unauthorized("Invalid API key");
  }

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  static Optional<String> credential(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String[] parts = WHITESPACE.split(authorization.trim());
      String token = parts.length >= 2 ? parts[1] : parts[0];
      if (!token.isEmpty() && !"undefined".equals(token) && !"null".equals(token)) {
        return Optional.of(token);
      }
    }
    for (String header : new String[] {"X-API-Key", "X-Auth-Token"}) {
      String value = ctx.header(header);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }
}
