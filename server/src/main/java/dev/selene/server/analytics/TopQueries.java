package dev.selene.server.analytics;

import static dev.selene.server.analytics.RunFacts.Dim.NAME;
import static dev.selene.server.analytics.RunFacts.Dim.PROJECT_ID;
import static dev.selene.server.analytics.RunFacts.Measure.COMPLETION_TOKENS;
import static dev.selene.server.analytics.RunFacts.Measure.COST;
import static dev.selene.server.analytics.RunFacts.Measure.PROMPT_TOKENS;

import dev.selene.server.analytics.Rows.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Ranked lists: top models (per project and per organisation), top templates; top agents are {@link
 * AgentsTop}.
 */
final class TopQueries {
  record Model(
      String name, long promptTokens, long completionTokens, long totalTokens, double cost) {}

  record OrgModel(
      String name,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      double cost,
      String projectName) {}

  record Template(
      String slug,
      long id,
      long usageCount,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      double cost) {}

  record Agent(
      String name, double cost, long promptTokens, long completionTokens, long totalTokens) {}

  private final DataSource db;

  TopQueries(DataSource db) {
    this.db = db;
  }

  /** LLM runs with a model name, by total tokens then cost: the first {@code limit} models. */
  List<Model> models(Scope scope, int limit) {
    Sql sql =
        Sql.of("select f.name, sum(f.prompt_tokens)::bigint as p,")
            .add(" sum(f.completion_tokens)::bigint as c, sum(f.cost) as cost from (")
            .add(modelFacts(scope, List.of(NAME)))
            .add(") f group by f.name order by sum(f.prompt_tokens) + sum(f.completion_tokens)")
            .add(" desc, sum(f.cost) desc, f.name limit " + limit);
    List<Model> out = new ArrayList<>();
    for (Row r : Rows.query(db, sql)) {
      out.add(
          new Model(
              r.text("name"),
              r.count("p"),
              r.count("c"),
              r.count("p") + r.count("c"),
              r.number("cost")));
    }
    return out;
  }

  /**
   * Top models over all the projects of an organisation; {@code projectName} is the project with
   * the most tokens for the model.
   */
  List<OrgModel> orgModels(Scope scope, int limit) {
    Sql sql =
        Sql.of("with facts as (")
            .add(modelFacts(scope, List.of(PROJECT_ID, NAME)))
            .add(
                "), per_project as (select f.project_id, f.name, sum(f.prompt_tokens) as p,"
                    + " sum(f.completion_tokens) as c, sum(f.cost) as cost from facts f"
                    + " group by 1, 2), ranked as (select pp.*, pr.name as project_name,"
                    + " row_number() over (partition by pp.name order by pp.p + pp.c desc,"
                    + " pp.cost desc, pr.name) as project_rank"
                    + " from per_project pp join project pr on pr.id = pp.project_id)"
                    + " select name, sum(p)::bigint as p, sum(c)::bigint as c, sum(cost) as cost,"
                    + " max(project_name) filter (where project_rank = 1) as project_name"
                    + " from ranked group by name order by sum(p) + sum(c) desc, sum(cost) desc,"
                    + " name limit "
                    + limit);
    List<OrgModel> out = new ArrayList<>();
    for (Row r : Rows.query(db, sql)) {
      out.add(
          new OrgModel(
              r.text("name"),
              r.count("p"),
              r.count("c"),
              r.count("p") + r.count("c"),
              r.number("cost"),
              r.text("project_name")));
    }
    return out;
  }

  private static Sql modelFacts(Scope scope, List<RunFacts.Dim> dims) {
    return Facts.query(
        scope.and("r.type = 'llm' and r.name is not null"),
        null,
        RunFacts.spec(dims, List.of(PROMPT_TOKENS, COMPLETION_TOKENS, COST)));
  }

  /** The organisation's projects. */
  List<UUID> projectsOf(UUID org) {
    List<UUID> out = new ArrayList<>();
    for (Row r :
        Rows.query(db, Sql.of("select id::text as id from project where org_id = ").param(org))) {
      out.add(UUID.fromString(r.text("id")));
    }
    return out;
  }

  /** Runs made from a prompt template, by template: the {@code limit} most used. */
  List<Template> templates(UUID project, Range range, AnalyticsFilter filter, int limit) {
    Sql sql =
        Sql.of("select t.slug, t.id, count(*)::bigint as usage_count,")
            .add(" coalesce(sum(r.prompt_tokens), 0)::bigint as p,")
            .add(" coalesce(sum(r.completion_tokens), 0)::bigint as c,")
            .add(" coalesce(sum(r.cost::numeric), 0) as cost")
            .add(" from run r join template_version tv on tv.id = r.template_version_id")
            .add(" join template t on t.id = tv.template_id and t.project_id = r.project_id")
            .add(" where r.project_id = ")
            .param(project)
            .add(" and r.created_at is not null")
            .add(bounds(range))
            .add(" and ")
            .add(filter.where(List.of(project)))
            .add(" group by t.id, t.slug order by usage_count desc, t.slug limit " + limit);
    List<Template> out = new ArrayList<>();
    for (Row r : Rows.query(db, sql)) {
      out.add(
          new Template(
              r.text("slug"),
              r.count("id"),
              r.count("usage_count"),
              r.count("p"),
              r.count("c"),
              r.count("p") + r.count("c"),
              r.number("cost")));
    }
    return out;
  }

  private static Sql bounds(Range range) {
    Sql sql = new Sql();
    if (range.start() != null) {
      sql.add(" and r.created_at >= ").instant(range.start());
    }
    if (range.end() != null) {
      sql.add(" and r.created_at < ").instant(range.end());
    }
    return sql;
  }
}
