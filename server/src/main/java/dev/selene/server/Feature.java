package dev.selene.server;

import io.javalin.config.RoutesConfig;

/** One feature of the API (ingest, runs, users, ...): it registers its own routes. */
public interface Feature {
  void routes(RoutesConfig routes);
}
