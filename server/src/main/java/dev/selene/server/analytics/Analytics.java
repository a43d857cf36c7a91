package dev.selene.server.analytics;

import dev.selene.server.analytics.Scope.Source;
import dev.selene.server.http.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Answers each analytics route from its query string: validates parameters, chooses the question
 * and shapes the body as the reference does. {@link Source#RAW} bypasses rollups (tests compare).
 */
final class Analytics {
  /** Project routes, relative to {@code /v1/analytics/}. */
  static final List<String> ROUTES =
      List.of(
          "tokens",
          "costs",
          "errors",
          "runs",
          "run-types",
          "latency",
          "threads",
          "users/active",
          "users/new",
          "users/average-cost",
          "feedback/thumb/up",
          "feedback/thumb/down",
          "feedback-ratio",
          "custom-events",
          "agents/top",
          "templates/top",
          "models/top",
          "languages/top",
          "topics/top");

  private static final int TOP_MODELS = 5;
  private static final int TOP_ORG_MODELS = 20;
  private static final int TOP_TEMPLATES = 5;

  private final TimeZones zones;
  private final SeriesQueries series;
  private final LatencyQuery latency;
  private final UserQueries users;
  private final TopQueries top;
  private final AgentsTop agents;

  Analytics(DataSource db, TimeZones zones) {
    this.zones = zones;
    this.series = new SeriesQueries(db);
    this.latency = new LatencyQuery(db);
    this.users = new UserQueries(db);
    this.top = new TopQueries(db);
    this.agents = new AgentsTop(db);
  }

  Object answer(String route, UUID project, String rawQuery, Source source) {
    Params params = new Params(rawQuery, zones);
    return switch (route) {
      case "models/top" -> topModels(project, params, source);
      case "templates/top" -> {
        Range range = params.range(true);
        yield top.templates(project, range, params.filter(), TOP_TEMPLATES);
      }
      case "agents/top" -> {
        Range range = params.range(true);
        yield data(agents.agents(project, range, params.filter(), source));
      }
      case "languages/top", "topics/top" -> {
        // Selene runs no language or topic classifiers: nothing to rank.
        params.range(false);
        yield data(List.of());
      }
      default -> series(route, project, params, source);
    };
  }

  private Object series(String route, UUID project, Params params, Source source) {
    SeriesRequest req = params.series();
    Scope scope = Scope.of(project, req.range(), req.filter(), source);
    return switch (route) {
      case "tokens" -> data(series.tokens(scope, req));
      case "costs" -> data(series.costs(scope, req));
      case "errors" -> data(series.errors(scope, req));
      case "runs" -> data(series.runs(scope, req));
      case "run-types" ->
          data(
              "tags".equals(params.text("firstDimension").orElse(null))
                  ? series.runTags(scope, req)
                  : series.runTypes(scope, req));
      case "threads" -> data(series.threads(scope, req));
      case "feedback/thumb/up" -> data(series.thumbs(scope, req, true));
      case "feedback/thumb/down" -> data(series.thumbs(scope, req, false));
      case "feedback-ratio" -> data(series.feedbackRatio(scope, req));
      case "custom-events" -> {
        Optional<String> metric = params.text("metric");
        yield data(
            metric.isPresent()
                ? series.customEventMetric(scope, req, metric.get())
                : series.customEvents(scope, req));
      }
      case "latency" -> {
        LatencyQuery.Result r = latency.run(scope, req);
        yield withStat(r.data(), r.stat());
      }
      case "users/active" -> userSeries(scope, req, params, false);
      case "users/new" -> userSeries(scope, req, params, true);
      case "users/average-cost" -> {
        UserQueries.Result r = users.averageCost(scope, req);
        yield withStat(r.data(), r.stat());
      }
      default -> throw ApiException.notFound("No analytics route " + route);
    };
  }

  /** With firstDimension and secondDimension (user-property keys, or "date"), a breakdown. */
  private Object userSeries(Scope scope, SeriesRequest req, Params params, boolean onlyNew) {
    Optional<String> first = params.text("firstDimension");
    Optional<String> second = params.text("secondDimension");
    UserQueries.Result r;
    if (first.isEmpty() || second.isEmpty()) {
      r = onlyNew ? users.fresh(scope, req) : users.active(scope, req);
    } else if ("date".equals(second.get())) {
      r = users.byPropAndDate(scope, req, onlyNew, first.get());
    } else {
      r = users.byProps(scope, onlyNew, first.get(), second.get());
    }
    return withStat(r.data(), r.stat());
  }

  private Object topModels(UUID project, Params params, Source source) {
    Scope scope = Scope.of(project, params.range(false), params.filter(), source);
    return top.models(modelConditions(scope, params), TOP_MODELS);
  }

  /** {@code GET /v1/analytics/org/models/top}: the same list over every project of {@code org}. */
  Object orgModels(UUID org, String rawQuery, Source source) {
    Params params = new Params(rawQuery, zones);
    List<UUID> projects = top.projectsOf(org);
    if (projects.isEmpty()) {
      return List.of();
    }
    Scope scope = Scope.of(projects, params.range(false), params.filter(), source);
    return top.orgModels(modelConditions(scope, params), TOP_ORG_MODELS);
  }

  /** The models routes' own parameters: {@code userId} (external user id) and {@code name}. */
  private static Scope modelConditions(Scope scope, Params params) {
    Optional<Long> user = params.id("userId");
    if (user.isPresent()) {
      scope = scope.andOnRawRuns(Sql.of("r.external_user_id = ").param(user.get()));
    }
    Optional<String> name = params.text("name");
    if (name.isPresent()) {
      scope = scope.and(Sql.of("r.name = ").param(name.get()));
    }
    return scope;
  }

  private static Map<String, Object> data(Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    return body;
  }

  private static Map<String, Object> withStat(Object data, Number stat) {
    Map<String, Object> body = data(data);
    body.put("stat", stat);
    return body;
  }
}
