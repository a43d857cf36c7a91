package dev.selene.server.runs;

import dev.selene.server.runs.filter.RunExpressions;

/**
 * The SQL that reads runs in the formatted shape: an inner query picks the rows (filters, order,
 * page) on the run table alone, so PostgreSQL can walk an index and stop at the page; the outer
 * query then joins what each picked row shows — its user, scores, the feedback it inherits, its
 * chat exchanges' feedback, a thread's messages and, for a single run, its trace root — through
 * primary-key and parent-index lookups.
 */
final class RunSelect {
  private RunSelect() {}

  private static final String COLUMNS =
      """
      select r.id, r.project_id, r.is_public, r.feedback::text as feedback,
        pf.parent_feedback::text as parent_feedback, fb.feedbacks::text as feedbacks,
        r.type, r.name, r.created_at, r.ended_at, r.duration::text as duration,
        r.template_version_id,
        (select t.slug from template_version tv join template t on t.id = tv.template_id
         where tv.id = r.template_version_id and t.project_id = r.project_id) as template_slug,
        r.cost,
        r.prompt_tokens, r.cached_prompt_tokens, r.completion_tokens, r.tags,
        r.input::text as input, r.output::text as output, r.error::text as error, r.status,
        r.params::text as params, r.metadata::text as metadata, r.parent_run_id,
        eu.id as user_id, eu.external_id as user_external_id, eu.created_at as user_created_at,
        eu.last_seen as user_last_seen, eu.props::text as user_props,
        sc.scores::text as scores,
        tm.first_message::text as first_message, tm.messages_count
      """;

  private static final String JOINS =
      """
      left join external_user eu on eu.id = r.external_user_id
      left join lateral (
        select coalesce(jsonb_agg(jsonb_build_object(
                 'value', s.value, 'label', s.label, 'comment', s.comment) order by s.label),
               '[]'::jsonb) as scores
        from run_score s where s.project_id = r.project_id and s.run_id = r.id
      ) sc on true
      left join lateral (
        with recursive up(parent_id, depth, feedback) as (
          select r.parent_run_id, 0, null::jsonb
          union all
          select a.parent_run_id, up.depth + 1, a.feedback
          from up join run a on a.project_id = r.project_id and a.id = up.parent_id
          where up.feedback is null and up.depth < 100
        )
        select feedback as parent_feedback from up where feedback is not null limit 1
      ) pf on true
      left join lateral (
        select jsonb_agg(c.feedback order by c.created_at, c.id) as feedbacks
        from run c
        where r.type = 'thread' and c.project_id = r.project_id and c.parent_run_id = r.id
          and c.type = 'chat' and c.created_at is not null and c.feedback is not null
      ) fb on true
      left join lateral (
        select sum(%1$s + %2$s) as messages_count,
          (array_agg(coalesce(%3$s, %4$s) order by c.created_at, c.id)
             filter (where coalesce(%3$s, %4$s) is not null))[1] as first_message
        from run c
        where r.type = 'thread' and c.project_id = r.project_id and c.parent_run_id = r.id
          and c.type = 'chat' and c.created_at is not null
      ) tm on true
      """
          .formatted(
              RunExpressions.messageCount("c.input"),
              RunExpressions.messageCount("c.output"),
              firstMessage("c.input"),
              firstMessage("c.output"));

  private static final String TRACE_COLUMN = ", tr.trace_id\n";

  /** The root of the run's trace: the topmost ancestor, or the id a dangling parent points to. */
  private static final String TRACE_JOIN =
      """
      left join lateral (
        with recursive up(id, parent_id, depth) as (
          select r.id, r.parent_run_id, 0
          union all
          select a.id, a.parent_run_id, up.depth + 1
          from up join run a on a.project_id = r.project_id and a.id = up.parent_id
          where up.depth < 1000
        )
        select case when r.parent_run_id is null then null else coalesce(parent_id, id) end
          as trace_id
        from up order by depth desc limit 1
      ) tr on true
      """;

  /**
   * The formatted-run query over the rows {@code innerSql} selects. The inner query must select
   * {@code r.*} from {@code run r} and may add columns (such as a sort key) the outer order uses.
   */
  static String enriched(String innerSql, String outerOrderBy, boolean withTrace) {
    return COLUMNS
        + (withTrace ? TRACE_COLUMN : "")
        + "from ("
        + innerSql
        + ") r\n"
        + JOINS
        + (withTrace ? TRACE_JOIN : "")
        + (outerOrderBy.isEmpty() ? "" : "order by " + outerOrderBy);
  }

  private static String firstMessage(String json) {
    return "(case jsonb_typeof("
        + json
        + ") when 'array' then "
        + json
        + " -> 0 when 'null' then null else "
        + json
        + " end)";
  }
}
