package dev.selene.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * CORS as the reference allows it, so the browser SDK can ingest and send feedback from any web
 * page: the request's origin is reflected with credentials. Unlike the reference, {@code X-API-Key}
 * and {@code X-Auth-Token} are allowed too, so every documented auth header works from a browser.
 */
public final class Cors {
  private static final String METHODS = "GET,POST,PATCH,DELETE,OPTIONS,PUT";
  private static final String HEADERS =
      "Content-Type,Authorization,Accept,X-API-Key,X-Auth-Token,Content-Encoding";

  private Cors() {}

  public static void register(RoutesConfig routes) {
    routes.before(Cors::addHeaders);
    routes.options("/*", ctx -> ctx.status(204));
  }

  private static void addHeaders(Context ctx) {
    String origin = ctx.header("Origin");
    ctx.header("Access-Control-Allow-Origin", origin == null ? "*" : origin);
    ctx.header("Vary", "Origin");
    ctx.header("Access-Control-Allow-Credentials", "true");
    if ("OPTIONS".equals(ctx.method().name())) {
      ctx.header("Access-Control-Allow-Methods", METHODS);
      String requested = ctx.header("Access-Control-Request-Headers");
      ctx.header("Access-Control-Allow-Headers", requested == null ? HEADERS : requested);
      ctx.header("Access-Control-Max-Age", "86400");
    }
  }
}
