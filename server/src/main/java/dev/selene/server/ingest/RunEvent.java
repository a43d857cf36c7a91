package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One normalised event of a run, whatever it arrived as (a Lunary SDK event, an OTLP span, a
 * LangWatch event). Keys inside the JSON values are already camelCased, ids are UUIDs, and {@code
 * null} means "not sent".
 *
 * @param projectId the project the event is written to (after any per-event {@code appId})
 * @param event {@code start}, {@code end}, {@code error}, {@code feedback}, {@code update}, {@code
 *     chat}, {@code custom-event}, {@code content} (input/output only, from OTLP log records), or
 *     anything else (stored for {@code log} runs, ignored otherwise)
 * @param type run type: llm, agent, chain, tool, embed, retriever, thread, chat, log, custom-event…
 * @param userId the application's end-user id (upserted as an external user)
 * @param feedbackOverwrite {@code overwrite: true} on a feedback event replaces the stored feedback
 * @param message the chat message ({@code event: chat}) or the log text ({@code type: log})
 */
public record RunEvent(
    UUID projectId,
    String event,
    String type,
    UUID runId,
    UUID parentRunId,
    Instant timestamp,
    String name,
    JsonNode input,
    JsonNode output,
    JsonNode error,
    JsonNode params,
    JsonNode metadata,
    JsonNode feedback,
    boolean feedbackOverwrite,
    List<String> tags,
    String userId,
    JsonNode userProps,
    Integer promptTokens,
    Integer completionTokens,
    Integer cachedPromptTokens,
    Long templateVersionId,
    String runtime,
    JsonNode message,
    List<String> threadTags,
    JsonNode threadMetadata) {

  public boolean is(String eventName) {
    return eventName.equals(event);
  }
}
