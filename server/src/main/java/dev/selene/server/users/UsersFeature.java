package dev.selene.server.users;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.ingest.KnownUsers;
import io.javalin.config.RoutesConfig;

/**
 * {@code /v1/external-users}: the end users of the customer's application, as the SDKs identify
 * them ({@code userId}/{@code userProps}), with what they cost, and their erasure (GDPR/CCPA).
 * Every route needs the project's private key (the authenticator refuses the public key).
 */
public final class UsersFeature implements Feature {
  private final UsersHandler handler;

  public UsersFeature(Services services, KnownUsers knownUsers) {
    this.handler =
        new UsersHandler(new UserStore(services.db()), new UserErasure(services.db(), knownUsers));
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/v1/external-users", handler::list);
    routes.get("/v1/external-users/props/keys", handler::propKeys);
    routes.get("/v1/external-users/runs/usage", handler::usage);
    routes.get("/v1/external-users/{id}", handler::get);
    routes.delete("/v1/external-users/{id}", handler::delete);
  }
}
