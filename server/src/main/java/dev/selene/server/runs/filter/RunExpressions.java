package dev.selene.server.runs.filter;

/**
 * SQL expressions over a run row that filters and listings share. Each takes the alias of the
 * {@code run} table in the caller's query.
 */
public final class RunExpressions {
  private RunExpressions() {}

  /** Total tokens, a missing side counted as 0. */
  public static String totalTokens(String r) {
    return "(coalesce(" + r + ".prompt_tokens, 0) + coalesce(" + r + ".completion_tokens, 0))";
  }

  /**
   * Number of messages in a thread: the messages of its chat runs (one per user→assistant
   * exchange), counting array elements of their input and output, or 1 for a single message.
   */
  public static String threadMessagesCount(String r) {
    return "(select coalesce(sum("
        + messageCount("tm_c.input")
        + " + "
        + messageCount("tm_c.output")
        + "), 0) from run tm_c where tm_c.project_id = "
        + r
        + ".project_id and tm_c.parent_run_id = "
        + r
        + ".id and tm_c.type = 'chat' and tm_c.created_at is not null)";
  }

  /** Messages in one JSON value: array elements, nothing for null, otherwise one message. */
  public static String messageCount(String json) {
    return "(case when "
        + json
        + " is null or jsonb_typeof("
        + json
        + ") = 'null' then 0 when jsonb_typeof("
        + json
        + ") = 'array' then jsonb_array_length("
        + json
        + ") else 1 end)";
  }
}
