package dev.selene.server.templates;

import dev.selene.server.auth.Principal;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * Who made or published a version: the kind of credential used ({@code private}, {@code public},
 * {@code account}...) and, for dashboard sessions, the account. Kept even while only API keys exist
 * so a later account system can show names.
 */
public record Author(String kind, UUID accountId) {
  static Author of(Context ctx) {
    return dev.selene.server.auth.Auth.principal(ctx)
        .map(Author::of)
        .orElse(new Author("anonymous", null));
  }

  static Author of(Principal p) {
    return new Author(p.kind().name().toLowerCase(java.util.Locale.ROOT), p.accountId());
  }
}
