package dev.selene.server.health;

import dev.selene.server.Feature;
import dev.selene.server.db.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** Liveness and readiness: {@code GET /v1/health} is OK only when the database answers. */
public final class HealthFeature implements Feature {
  static final String VERSION = "0.1.0";
  private final Database database;

  public HealthFeature(Database database) {
    this.database = database;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/v1/health", this::health);
    routes.get("/v1/health-check", this::health);
    routes.get("/v1", ctx -> ctx.result("Selene API v1"));
    routes.get("/v1/version", ctx -> ctx.json(Map.of("version", VERSION)));
  }

  private void health(Context ctx) {
    if (database.isReachable()) {
      ctx.json(Map.of("status", "OK"));
    } else {
      ctx.status(503).json(Map.of("status", "ERROR", "message", "Database unreachable"));
    }
  }
}
