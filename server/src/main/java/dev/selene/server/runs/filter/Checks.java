package dev.selene.server.runs.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of the filter language that have a SQL meaning, by id, with their positional
 * parameters and how each renders against a run alias {@code r}. Subqueries use their own {@code
 * f_*} aliases and stay inside the outer run's project.
 */
final class Checks {
  /** How a parsed check becomes SQL. */
  interface Renderer {
    void render(Map<String, Object> values, String r, SqlBuilder out);
  }

  record Spec(String id, List<Param> params, Renderer renderer) {}

  /**
   * Checks that depend on enrichment evaluators (language, PII, topics, intents, toxicity,
   * sentiment). Selene does not run those evaluators, so filtering on them would silently match
   * nothing; the caller gets a 422 instead.
   */
  static final List<String> UNSUPPORTED =
      List.of("languages", "pii", "topics", "intents", "toxicity", "sentiment");

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  static {
    add("type", List.of(Param.text("type")), Checks::type);
    add(
        "models",
        List.of(Param.list("models")),
        (v, r, out) -> out.sql(r + ".name in (").values(list(v, "models")).sql(")"));
    add(
        "tags",
        List.of(Param.list("tags")),
        (v, r, out) -> out.sql(r + ".tags && array[").values(list(v, "tags")).sql("]::text[]"));
    add(
        "templates",
        List.of(Param.ids("templates")),
        (v, r, out) ->
            out.sql(
                    r
                        + ".template_version_id in (select f_tv.id from template_version f_tv"
                        + " join template f_t on f_t.id = f_tv.template_id where f_t.project_id = ")
                .value(out.projectId())
                .sql(" and f_tv.template_id in (")
                .values(list(v, "templates"))
                .sql("))"));
    add(
        "status",
        List.of(Param.text("status")),
        (v, r, out) -> out.sql(r + ".status = ").value(v.get("status")));
    add(
        "users",
        List.of(Param.ids("users")),
        (v, r, out) -> out.sql(r + ".external_user_id in (").values(list(v, "users")).sql(")"));
    add("user-props", List.of(Param.text("key"), Param.text("value")), Checks::userProps);
    add("metadata", List.of(Param.text("key"), Param.text("value")), Checks::metadata);
    add("feedback", List.of(Param.jsonObjects("types")), Checks::feedback);
    add(
        "search",
        List.of(Param.text("query")),
        (v, r, out) -> {
          String pattern = SqlBuilder.likeContains((String) v.get("query"));
          out.sql("(" + r + ".input::text ilike ")
              .value(pattern)
              .sql(" or " + r + ".output::text ilike ")
              .value(pattern)
              .sql(")");
        });
    add(
        "string",
        List.of(
            Param.choice("fields", "input", "output", "any"),
            Param.choice("type", "contains", "notcontains", "starts", "ends"),
            Param.choice("sensitive", "true", "false"),
            Param.text("text")),
        Checks::string);
    add(
        "length",
        List.of(
            Param.choice("field", "input", "output", "any"),
            Param.operator(),
            Param.number("length")),
        (v, r, out) ->
            out.sql("length(" + text(r, (String) v.get("field")) + ") " + op(v) + " ")
                .value(v.get("length")));
    add(
        "date",
        List.of(Param.operator(), Param.date("date")),
        (v, r, out) -> out.sql(r + ".created_at " + op(v) + " ").value(v.get("date")));
    add(
        "duration",
        List.of(Param.operator(), Param.number("duration")),
        (v, r, out) ->
            out.sql(r + ".duration " + op(v) + " make_interval(secs => ")
                .value(v.get("duration"))
                .sql("::float8)"));
    add(
        "cost",
        List.of(Param.operator(), Param.number("cost")),
        (v, r, out) -> out.sql(r + ".cost " + op(v) + " ").value(v.get("cost")).sql("::float8"));
    add(
        "tokens",
        List.of(
            Param.choice("field", "prompt", "completion", "total"),
            Param.operator(),
            Param.number("tokens")),
        (v, r, out) -> {
          String column =
              switch ((String) v.get("field")) {
                case "prompt" -> r + ".prompt_tokens";
                case "completion" -> r + ".completion_tokens";
                default -> RunExpressions.totalTokens(r);
              };
          out.sql(column + " " + op(v) + " ").value(v.get("tokens"));
        });
    add(
        "messages",
        List.of(Param.operator(), Param.number("messages")),
        (v, r, out) ->
            out.sql(RunExpressions.threadMessagesCount(r) + " " + op(v) + " ")
                .value(v.get("messages")));
    add(
        "tools",
        List.of(Param.text("toolName")),
        (v, r, out) -> named(r, "tool", (String) v.get("toolName"), out));
    add(
        "retrievers",
        List.of(Param.text("retrieverName")),
        (v, r, out) -> named(r, "retriever", (String) v.get("retrieverName"), out));
    add(
        "custom-events",
        List.of(Param.list("customEvents")),
        (v, r, out) ->
            out.sql("(" + r + ".type = 'custom-event' and " + r + ".name in (")
                .values(list(v, "customEvents"))
                .sql("))"));
  }

  private Checks() {}

  private static void add(String id, List<Param> params, Renderer renderer) {
    SPECS.put(id, new Spec(id, params, renderer));
  }

  static Optional<Spec> find(String id) {
    return Optional.ofNullable(SPECS.get(id));
  }

  private static List<?> list(Map<String, Object> values, String name) {
    return (List<?>) values.get(name);
  }

  private static String op(Map<String, Object> values) {
    return Operators.sql((String) values.get("operator"));
  }

  /**
   * {@code trace} is the reference's special type: agent and chain runs that start a trace, at the
   * root or directly under a chat exchange.
   */
  private static void type(Map<String, Object> v, String r, SqlBuilder out) {
    String type = (String) v.get("type");
    if ("trace".equals(type)) {
      // A scalar subquery rather than EXISTS: PostgreSQL may turn an EXISTS under OR into a hashed
      // subplan over every chat run of every project, while this stays one primary-key lookup per
      // candidate row, and a first page stops after a few of those.
      out.sql(
          "("
              + r
              + ".type in ('agent', 'chain') and ("
              + r
              + ".parent_run_id is null or (select f_p.type from run f_p where f_p.project_id = "
              + r
              + ".project_id and f_p.id = "
              + r
              + ".parent_run_id) = 'chat'))");
    } else {
      out.sql(r + ".type = ").value(type);
    }
  }

  private static void named(String r, String type, String name, SqlBuilder out) {
    out.sql("(" + r + ".type = '" + type + "' and " + r + ".name ilike ")
        .value(SqlBuilder.likeContains(name))
        .sql(")");
  }

  /** The run's input, output or both as text, for LIKE and length checks. */
  private static String text(String r, String field) {
    return switch (field) {
      case "input" -> r + ".input::text";
      case "output" -> r + ".output::text";
      default ->
          "(coalesce(" + r + ".input::text, '') || ' ' || coalesce(" + r + ".output::text, ''))";
    };
  }

  private static void string(Map<String, Object> v, String r, SqlBuilder out) {
    String type = (String) v.get("type");
    String text = (String) v.get("text");
    boolean sensitive = "true".equals(v.get("sensitive"));
    // Input and output are JSON: "starts"/"ends" match the start or end of a message's content.
    String fragment =
        switch (type) {
          case "starts" -> "\"content\": \"" + text;
          case "ends" -> text + "\"}";
          default -> text;
        };
    String operator = sensitive ? "like" : "ilike";
    if ("notcontains".equals(type)) {
      operator = "not " + operator;
    }
    out.sql(text(r, (String) v.get("fields")) + " " + operator + " ")
        .value(SqlBuilder.likeContains(fragment));
  }

  /**
   * Metadata values are matched as sent and, when the text looks like one, as the JSON boolean,
   * null or number it spells, since SDKs send metadata with native JSON types.
   */
  private static void metadata(Map<String, Object> v, String r, SqlBuilder out) {
    out.sql("(");
    containsAny(r + ".metadata", (String) v.get("key"), (String) v.get("value"), out);
    out.sql(")");
  }

  /**
   * External-user properties: a typed {@code {"type": …, "value": …}} payload is unwrapped and
   * strings are trimmed as the reference does; like metadata, numbers and booleans also match their
   * JSON form.
   */
  private static void userProps(Map<String, Object> v, String r, SqlBuilder out) {
    JsonNode value = UserPropValue.normalise((String) v.get("value"));
    out.sql(
        "exists (select 1 from external_user f_eu where f_eu.id = "
            + r
            + ".external_user_id and f_eu.project_id = "
            + r
            + ".project_id and (");
    if (value.isTextual()) {
      containsAny("f_eu.props", (String) v.get("key"), value.asText(), out);
    } else {
      ObjectNode probe = JsonNodeFactory.instance.objectNode();
      probe.set((String) v.get("key"), value);
      out.sql("f_eu.props @> ").value(probe.toString()).sql("::jsonb");
    }
    out.sql("))");
  }

  private static void containsAny(String column, String key, String text, SqlBuilder out) {
    List<JsonNode> forms = new ArrayList<>();
    forms.add(JsonNodeFactory.instance.textNode(text));
    switch (text) {
      case "true" -> forms.add(JsonNodeFactory.instance.booleanNode(true));
      case "false" -> forms.add(JsonNodeFactory.instance.booleanNode(false));
      case "null" -> forms.add(JsonNodeFactory.instance.nullNode());
      default -> {
        try {
          forms.add(JsonNodeFactory.instance.numberNode(new BigDecimal(text.trim())));
        } catch (NumberFormatException notANumber) {
          // only the text form
        }
      }
    }
    boolean first = true;
    for (JsonNode form : forms) {
      ObjectNode probe = JsonNodeFactory.instance.objectNode();
      probe.set(key, form);
      out.sql(first ? "" : " or ").sql(column + " @> ").value(probe.toString()).sql("::jsonb");
      first = false;
    }
  }

  /**
   * Each feedback value matches the run's own feedback or the feedback of one of its direct
   * children (a thread is "thumbs down" when one of its exchanges is). A key with a null value,
   * such as {@code {"thumb":null}}, means neither the run nor any direct child has that key.
   *
   * <p>The children side is an uncorrelated, project-bound {@code IN} list: PostgreSQL computes the
   * few parents of matching feedback once (from the partial index on runs with feedback) and hashes
   * them, instead of probing every candidate run's children.
   */
  private static void feedback(Map<String, Object> v, String r, SqlBuilder out) {
    out.sql("(");
    boolean first = true;
    for (Object item : list(v, "types")) {
      ObjectNode wanted = ((ObjectNode) item).deepCopy();
      List<String> absent = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          absent.add(field.getKey());
          it.remove();
        }
      }
      out.sql(first ? "(" : " or (");
      first = false;
      if (absent.isEmpty()) {
        String probe = wanted.toString();
        out.sql(r + ".feedback @> ").value(probe).sql("::jsonb or " + r + ".id in (");
        parentsWithFeedback(out).sql("f_c.feedback @> ").value(probe).sql("::jsonb)");
      } else {
        String and = "";
        if (!wanted.isEmpty()) {
          out.sql(r + ".feedback @> ").value(wanted.toString()).sql("::jsonb");
          and = " and ";
        }
        for (String key : absent) {
          out.sql(and + r + ".feedback -> ").value(key).sql(" is null");
          out.sql(" and " + r + ".id not in (");
          parentsWithFeedback(out).sql("f_c.feedback -> ").value(key).sql(" is not null)");
          and = " and ";
        }
      }
      out.sql(")");
    }
    out.sql(")");
  }

  /** Opens {@code select parent ids of visible runs of the project with feedback where …}. */
  private static SqlBuilder parentsWithFeedback(SqlBuilder out) {
    return out.sql("select f_c.parent_run_id from run f_c where f_c.project_id = ")
        .value(out.projectId())
        .sql(
            " and f_c.parent_run_id is not null and f_c.feedback is not null"
                + " and f_c.created_at is not null and ");
  }
}
