package dev.selene.server.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The routes a public key (or no key at all) may reach, as the reference allows them: ingestion,
 * latest template versions, reading run feedback, public runs, datasets and SDK evaluations, OTLP
 * and LangWatch receivers, health. Everything else needs a private key or a session.
 */
final class PublicRoutes {
  private record Rule(String method, Pattern path) {
    boolean matches(String m, String p) {
      return (method == null || method.equals(m)) && path.matcher(p).matches();
    }
  }

  private static final List<Rule> PUBLIC_KEY_ROUTES =
      List.of(
          rule("POST", "/v1/runs/ingest/?"),
          rule("POST", "/api/report/?"),
          rule("GET", "/v1/template[_-]versions/latest/?"),
          rule("GET", "/api/v1/template/?"),
          rule("GET", "/v1/runs/[^/]+/feedback/?"),
          rule("GET", "/v1/runs/[^/]+/public/?"),
          rule("GET", "/v1/runs/exports/[^/]+/?"),
          rule(null, "/v1/datasets(-v2)?/.+"),
          rule("POST", "/v1/evaluations/run/?"),
          rule("POST", "(/v1/otel|/api/otel)?/v1/(traces|logs|metrics)/?"),
          rule("POST", "/api/(track_event|events/track|collector)/?"),
          rule("GET", "/v1/health/?"),
          rule("GET", "/v1/health-check/?"),
          rule("GET", "/v1/?"),
          rule("GET", "/v1/version/?"));

  /** Routes that work with no credential at all (the route then decides what to serve). */
  private static final List<Rule> ANONYMOUS_ROUTES =
      List.of(
          rule("GET", "/v1/health/?"),
          rule("GET", "/v1/health-check/?"),
          rule("GET", "/v1/?"),
          rule("GET", "/v1/version/?"),
          rule("GET", "/v1/runs/[^/]+/public/?"),
          rule("GET", "/v1/runs/exports/[^/]+/?"),
          rule("POST", "/api/report/?"),
          rule("GET", "/api/v1/template/?"),
          rule(null, "/auth/.*"),
          rule("GET", "/"),
          rule("GET", "/(assets|app)(/.*)?"),
          rule("GET", "/[^/]+\\.(html|js|css|svg|png|ico|json|txt|webmanifest)"));

  /**
   * Routes whose credentials are meant for the handler, not for Selene: the playground's test
   * endpoints check Bearer, Basic and API-key headers themselves (the reference's auth layer
   * rejects them before they arrive, which makes its {@code /v1/test-endpoint/auth} unusable).
   */
  private static final List<Rule> OWN_CREDENTIAL_ROUTES =
      List.of(rule("POST", "/v1/test-endpoint(/auth)?/?"));

  private PublicRoutes() {}

  private static Rule rule(String method, String regex) {
    return new Rule(method, Pattern.compile(regex));
  }

  static boolean allowsPublicKey(String method, String path) {
    return PUBLIC_KEY_ROUTES.stream().anyMatch(r -> r.matches(method, path));
  }

  static boolean allowsAnonymous(String method, String path) {
    return ANONYMOUS_ROUTES.stream().anyMatch(r -> r.matches(method, path));
  }

  static boolean checksOwnCredentials(String method, String path) {
    return OWN_CREDENTIAL_ROUTES.stream().anyMatch(r -> r.matches(method, path));
  }

  static boolean isOrgKeyRoute(String method, String path) {
    return "GET".equals(method) && path.matches("/v1/analytics/org/models/top/?");
  }
}
