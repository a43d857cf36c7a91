package dev.selene.server.analytics;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import dev.selene.server.analytics.Scope.Source;
import dev.selene.server.auth.Auth;
import dev.selene.server.auth.KeyKind;
import dev.selene.server.auth.Principal;
import dev.selene.server.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * {@code /v1/analytics/*}: Lunary's dashboard series and top lists, answered from hourly rollups
 * where possible (see {@link Facts}), plus the background worker that maintains them.
 */
public final class AnalyticsFeature implements Feature {
  private final Analytics analytics;
  private final Rollups rollups;

  /**
   * {@code background}: connections for the rollup worker, apart from the requests' ones; {@code
   * ingestSaturated}: whether ingestion is behind, when the worker defers its costliest passes.
   */
  public AnalyticsFeature(
      Services services, DataSource background, BooleanSupplier ingestSaturated) {
    this.analytics = new Analytics(services.db(), new TimeZones(services.db()));
    this.rollups =
        new Rollups(background, services.config().rollups().intervalMillis(), ingestSaturated);
    rollups.start();
  }

  /** The rollup worker, to stop at shutdown. */
  public AutoCloseable rollups() {
    return rollups;
  }

  @Override
  public void routes(RoutesConfig routes) {
    for (String route : Analytics.ROUTES) {
      routes.get(
          "/v1/analytics/" + route,
          ctx ->
              ctx.json(
                  analytics.answer(route, Auth.projectId(ctx), ctx.queryString(), Source.AUTO)));
    }
    routes.get("/v1/analytics/org/models/top", this::orgModels);
  }

  /** Org private keys only (the Authenticator lets them reach this route and no other). */
  private void orgModels(Context ctx) {
    Principal p =
        Auth.principal(ctx).orElseThrow(() -> ApiException.unauthorized("Org API key required"));
    if (p.kind() != KeyKind.ORG_PRIVATE) {
      throw ApiException.unauthorized("Org API key required");
    }
    if (p.orgId() == null) {
      throw ApiException.badRequest("Missing org context");
    }
    ctx.json(analytics.orgModels(p.orgId(), ctx.queryString(), Source.AUTO));
  }
}
