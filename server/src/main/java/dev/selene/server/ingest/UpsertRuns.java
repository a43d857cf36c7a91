package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Merges a batch of {@link RunPatch}es into the run table in one statement: existing rows are
 * updated with the merge rules below, new rows inserted. The rules mirror {@link RunPatch} so the
 * stored result does not depend on which batch an event landed in. Returns the merged rows that
 * pricing needs (with input/output only when tokens must still be counted).
 */
final class UpsertRuns {
  /** The merged state of one run after the upsert, as pricing needs it. */
  record StoredRun(
      UUID projectId,
      UUID id,
      String type,
      String name,
      Instant createdAt,
      Instant endedAt,
      Integer promptTokens,
      Integer completionTokens,
      int cachedPromptTokens,
      Double cost,
      JsonNode input,
      JsonNode output,
      JsonNode params) {}

  private static final String RETURNED =
      """
      project_id, id, type, name, created_at, ended_at, prompt_tokens, completion_tokens,
      cached_prompt_tokens, cost,
      case when %1$s then input end as input,
      case when %1$s then output end as output,
      case when %1$s then params end as params
      """
          .formatted("prompt_tokens is null or completion_tokens is null");

  /**
   * Only finished LLM runs still unpriced come back: runs whose start and end were in the same
   * batch were priced before the upsert.
   */
  private static final String NEEDS_PRICING =
      "type = 'llm' and ended_at is not null and created_at is not null and name is not null"
          + " and cost is null";

  private static final String SQL =
      """
      with src as (
        select v.project_id, v.id, v.has_start, v.created_at::timestamptz as created_at,
          v.ended_at::timestamptz as ended_at, v.type, v.name, v.status,
          case when v.tags is null then null
            else array(select jsonb_array_elements_text(v.tags::jsonb)) end as tags,
          v.input::jsonb as input, v.output::jsonb as output, v.error::jsonb as error,
          v.params::jsonb as params, v.metadata::jsonb as metadata, v.metadata_mode,
          v.feedback::jsonb as feedback, v.feedback_replace, v.parent_run_id, v.prompt_tokens,
          v.completion_tokens, v.cached_prompt_tokens, v.external_user_id, v.template_version_id,
          v.runtime, v.cost
        from unnest(?::uuid[], ?::uuid[], ?::bool[], ?::text[], ?::text[], ?::text[], ?::text[],
          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[],
          ?::text[], ?::bool[], ?::uuid[], ?::int4[], ?::int4[], ?::int4[], ?::int8[], ?::int8[],
          ?::text[], ?::float8[])
          as v(project_id, id, has_start, created_at, ended_at, type, name, status, tags, input,
            output, error, params, metadata, metadata_mode, feedback, feedback_replace,
            parent_run_id, prompt_tokens, completion_tokens, cached_prompt_tokens,
            external_user_id, template_version_id, runtime, cost)
      ),
      upd as (
        update run r set
          created_at = case when s.has_start then coalesce(s.created_at, r.created_at)
            else coalesce(r.created_at, s.created_at) end,
          ended_at = coalesce(s.ended_at, r.ended_at),
          type = case when s.has_start then coalesce(s.type, r.type) else coalesce(r.type, s.type) end,
          name = case when s.has_start then coalesce(s.name, r.name) else coalesce(r.name, s.name) end,
          status = case when selene_status_rank(s.status) > selene_status_rank(r.status)
            then s.status else r.status end,
          tags = selene_merge_tags(r.tags, s.tags),
          input = coalesce(s.input, r.input),
          output = coalesce(s.output, r.output),
          error = coalesce(s.error, r.error),
          params = case when s.has_start then coalesce(s.params, r.params)
            else coalesce(r.params, s.params) end,
          metadata = case
            when s.metadata is null then r.metadata
            when s.metadata_mode = 1 then s.metadata
            when s.metadata_mode = 2 then coalesce(r.metadata, s.metadata)
            when r.metadata is null or jsonb_typeof(r.metadata) <> 'object' then s.metadata
            else r.metadata || s.metadata end,
          feedback = case
            when s.feedback is null then r.feedback
            when s.feedback_replace or r.feedback is null or jsonb_typeof(r.feedback) <> 'object'
              then nullif(jsonb_strip_nulls(s.feedback), '{}'::jsonb)
            else nullif(jsonb_strip_nulls(r.feedback || s.feedback), '{}'::jsonb) end,
          parent_run_id = case when s.has_start then coalesce(s.parent_run_id, r.parent_run_id)
            else coalesce(r.parent_run_id, s.parent_run_id) end,
          prompt_tokens = coalesce(s.prompt_tokens, r.prompt_tokens),
          completion_tokens = coalesce(s.completion_tokens, r.completion_tokens),
          cached_prompt_tokens = coalesce(s.cached_prompt_tokens, r.cached_prompt_tokens),
          external_user_id = case when s.has_start
            then coalesce(s.external_user_id, r.external_user_id)
            else coalesce(r.external_user_id, s.external_user_id) end,
          template_version_id = coalesce(s.template_version_id, r.template_version_id),
          runtime = case when s.has_start then coalesce(s.runtime, r.runtime)
            else coalesce(r.runtime, s.runtime) end,
          cost = coalesce(s.cost, r.cost),
          updated_at = now()
        from src s
        where r.project_id = s.project_id and r.id = s.id
        returning r.*
      ),
      ins as (
        insert into run (project_id, id, created_at, ended_at, type, name, status, tags, input,
          output, error, params, metadata, feedback, parent_run_id, prompt_tokens,
          completion_tokens, cached_prompt_tokens, external_user_id, template_version_id, runtime,
          cost)
        select s.project_id, s.id, s.created_at, s.ended_at, s.type, s.name, s.status, s.tags,
          s.input, s.output, s.error, s.params, s.metadata,
          nullif(jsonb_strip_nulls(s.feedback), '{}'::jsonb), s.parent_run_id, s.prompt_tokens,
          s.completion_tokens, coalesce(s.cached_prompt_tokens, 0), s.external_user_id,
          s.template_version_id, s.runtime, s.cost
        from src s
        where not exists (select 1 from upd u where u.project_id = s.project_id and u.id = s.id)
        on conflict (project_id, id) do nothing
        returning *
      )
      select %1$s from upd where %2$s
      union all
      select %1$s from ins where %2$s
      """
          .formatted(RETURNED, NEEDS_PRICING);

  private final ObjectMapper json;

  UpsertRuns(ObjectMapper json) {
    this.json = json;
  }

  /** Merges the patches; returns the finished LLM runs that still need tokens or a price. */
  List<StoredRun> run(Connection c, Collection<RunPatch> patches) throws SQLException {
    if (patches.isEmpty()) {
      return List.of();
    }
    List<RunPatch> rows = new ArrayList<>(patches);
    SqlArrays a = new SqlArrays(c);
    List<StoredRun> stored = new ArrayList<>(rows.size());
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      int i = 0;
      ps.setArray(++i, a.uuids(rows, r -> r.projectId));
      ps.setArray(++i, a.uuids(rows, r -> r.id));
      ps.setArray(++i, a.booleans(rows, r -> r.hasStart));
      ps.setArray(++i, a.instants(rows, r -> r.createdAt));
      ps.setArray(++i, a.instants(rows, r -> r.endedAt));
      ps.setArray(++i, a.texts(rows, r -> r.type));
      ps.setArray(++i, a.texts(rows, r -> r.name));
      ps.setArray(++i, a.texts(rows, r -> r.status));
      ps.setArray(++i, a.texts(rows, r -> r.tags == null ? null : toJson(r.tags)));
      ps.setArray(++i, a.texts(rows, r -> toJson(r.input)));
      ps.setArray(++i, a.texts(rows, r -> toJson(r.output)));
      ps.setArray(++i, a.texts(rows, r -> toJson(r.error)));
      ps.setArray(++i, a.texts(rows, r -> toJson(r.params)));
      ps.setArray(++i, a.texts(rows, r -> toJson(r.metadata)));
      ps.setArray(++i, a.ints(rows, r -> r.metadataMode.ordinal()));
      ps.setArray(++i, a.texts(rows, r -> toJson(r.feedback)));
      ps.setArray(++i, a.booleans(rows, r -> r.feedbackReplace));
      ps.setArray(++i, a.uuids(rows, r -> r.parentRunId));
      ps.setArray(++i, a.ints(rows, r -> r.promptTokens));
      ps.setArray(++i, a.ints(rows, r -> r.completionTokens));
      ps.setArray(++i, a.ints(rows, r -> r.cachedPromptTokens));
      ps.setArray(++i, a.longs(rows, r -> r.externalUserId));
      ps.setArray(++i, a.longs(rows, r -> r.templateVersionId));
      ps.setArray(++i, a.texts(rows, r -> r.runtime));
      ps.setArray(++i, a.doubles(rows, r -> r.cost));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(read(rs));
        }
      }
    }
    return stored;
  }

  private StoredRun read(ResultSet rs) throws SQLException {
    return new StoredRun(
        rs.getObject("project_id", UUID.class),
        rs.getObject("id", UUID.class),
        rs.getString("type"),
        rs.getString("name"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("ended_at")),
        (Integer) rs.getObject("prompt_tokens"),
        (Integer) rs.getObject("completion_tokens"),
        rs.getInt("cached_prompt_tokens"),
        (Double) rs.getObject("cost"),
        parse(rs.getString("input")),
        parse(rs.getString("output")),
        parse(rs.getString("params")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private JsonNode parse(String s) {
    if (s == null) {
      return null;
    }
    try {
      return json.readTree(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
