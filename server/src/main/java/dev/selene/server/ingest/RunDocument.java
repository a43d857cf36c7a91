package dev.selene.server.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Run patches as one JSON document, read by {@code jsonb_array_elements}: no more than one
 * parameter, so nothing to do before the statement. The choice for small batches (see {@link
 * RunStage} for large ones).
 */
final class RunDocument implements RunSource {
  /**
   * The batch document (the first parameter: one JSON array of rows, each row an array of the
   * columns in this order, see {@link #document}) as typed rows. Positional rows cost PostgreSQL
   * about 40 % of what named fields did to parse and convert (no keys to read, sort and look up:
   * 0.9 against 2.2 ms of backend CPU for 200 runs, bench/README.md).
   */
  private static final String CTE =
      """
      with src as (
        select (e->>0)::uuid as project_id, (e->>1)::uuid as id,
          coalesce((e->>2)::bool, false) as has_start, (e->>3)::timestamptz as created_at,
          (e->>4)::timestamptz as ended_at, e->>5 as type, e->>6 as name, e->>7 as status,
          case when jsonb_typeof(e->8) = 'array'
            then array(select jsonb_array_elements_text(e->8)) end as tags,
          nullif(e->9, 'null') as input, nullif(e->10, 'null') as output,
          nullif(e->11, 'null') as error, nullif(e->12, 'null') as params,
          nullif(e->13, 'null') as metadata, coalesce((e->>14)::int4, 0) as metadata_mode,
          nullif(e->15, 'null') as feedback, coalesce((e->>16)::bool, false) as feedback_replace,
          (e->>17)::uuid as parent_run_id, (e->>18)::int4 as prompt_tokens,
          (e->>19)::int4 as completion_tokens, (e->>20)::int4 as cached_prompt_tokens,
          (e->>21)::int8 as external_user_id, (e->>22)::int8 as template_version_id,
          e->>23 as runtime, (e->>24)::float8 as cost
        from jsonb_array_elements(?::jsonb) e
        offset 0 -- computed once per row; pulled up, every use of a column would extract it again
      )
      """;

  private final ObjectMapper json;

  RunDocument(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public String cte() {
    return CTE;
  }

  @Override
  public void bind(Connection c, PreparedStatement statement, Collection<RunPatch> patches)
      throws SQLException {
    statement.setString(1, document(patches));
  }

  /**
   * The batch as one JSON array of rows, each an array of the columns in {@link #CTE}'s order (null
   * where absent), read back by {@code jsonb_array_elements}: one streaming pass here and one parse
   * in PostgreSQL, instead of a text array per column with every JSON value serialised, escaped and
   * parsed on its own.
   */
  private String document(Collection<RunPatch> patches) {
    StringWriter out = new StringWriter(patches.size() * 1024);
    try (JsonGenerator g = json.getFactory().createGenerator(out)) {
      g.setCodec(json);
      g.writeStartArray();
      for (RunPatch r : patches) {
        g.writeStartArray();
        text(g, r.projectId);
        text(g, r.id);
        g.writeBoolean(r.hasStart);
        // ISO text: exact to the microsecond PostgreSQL keeps, whatever the JVM's time zone
        text(g, r.createdAt);
        text(g, r.endedAt);
        text(g, r.type);
        text(g, r.name);
        text(g, r.status);
        tree(g, r.tags);
        tree(g, r.input);
        tree(g, r.output);
        tree(g, r.error);
        tree(g, r.params);
        tree(g, r.metadata);
        g.writeNumber(r.metadataMode.ordinal());
        tree(g, r.feedback);
        g.writeBoolean(r.feedbackReplace);
        text(g, r.parentRunId);
        tree(g, r.promptTokens);
        tree(g, r.completionTokens);
        tree(g, r.cachedPromptTokens);
        tree(g, r.externalUserId);
        tree(g, r.templateVersionId);
        text(g, r.runtime);
        tree(g, r.cost);
        g.writeEndArray();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A value PostgreSQL parses from its text form (text, uuid, timestamptz), or null. */
  private static void text(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value.toString());
    }
  }

  /** A JSON value or number as is, or null. */
  private static void tree(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeObject(value);
    }
  }
}
