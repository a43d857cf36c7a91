package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.auth.Auth;
import dev.selene.server.auth.KeyKind;
import dev.selene.server.auth.Principal;
import dev.selene.server.config.SeleneConfig.IngestConfig;
import dev.selene.server.http.ApiException;
import dev.selene.server.http.RequestBodies;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/runs/ingest} and the legacy {@code POST /api/report}: decode, validate each event
 * on the request thread, queue the valid ones, and answer once they are committed with one result
 * per event in request order. A bad event fails alone.
 */
final class IngestHandler {
  private final ObjectMapper json;
  private final IngestConfig limits;
  private final IngestPipeline pipeline;
  private final ApiKeyStore keys;
  private final EventNormalizer normalizer = new EventNormalizer(Clock.systemUTC());

  IngestHandler(ObjectMapper json, IngestConfig limits, IngestPipeline pipeline, ApiKeyStore keys) {
    this.json = json;
    this.limits = limits;
    this.pipeline = pipeline;
    this.keys = keys;
  }

  void ingest(Context ctx) {
    UUID project = Auth.projectId(ctx);
    List<JsonNode> events = events(parse(ctx), false);
    respond(ctx, project, events, results -> Map.of("results", results));
  }

  /** Legacy route of old SDKs: the project may come from the first event; the reply is an array. */
  void report(Context ctx) {
    JsonNode body = parse(ctx);
    List<JsonNode> events = events(body, true);
    UUID project = Auth.principal(ctx).map(Principal::projectId).orElse(null);
    if (project == null) {
      project = projectFromFirstEvent(events.get(0));
    }
    respond(ctx, project, events, results -> results);
  }

  private interface Envelope {
    Object wrap(List<EventReply> results);
  }

  private void respond(Context ctx, UUID project, List<JsonNode> raw, Envelope envelope) {
    List<EventReply> results = new ArrayList<>(raw.size());
    List<RunEvent> valid = new ArrayList<>(raw.size());
    List<Integer> validPositions = new ArrayList<>(raw.size());
    for (JsonNode node : raw) {
      String echoedId = node.path("runId").isValueNode() ? node.path("runId").asText(null) : null;
      if (echoedId == null && node.path("run_id").isValueNode()) {
        echoedId = node.path("run_id").asText(null);
      }
      EventReply result = new EventReply(echoedId);
      results.add(result);
      try {
        valid.add(normalizer.normalize(node, projectFor(node, project)));
        validPositions.add(results.size() - 1);
      } catch (InvalidEventException e) {
        result.fail(e.getMessage());
      }
    }
    CompletableFuture<List<EventResult>> committed;
    try {
      committed = pipeline.submit(valid);
    } catch (QueueFullException e) {
      ctx.header("Retry-After", "1");
      throw new ApiException(429, e.getMessage() + "; retry after 1 second");
    }
    ctx.future(
        () ->
            committed.thenAccept(
                outcomes -> {
                  for (int i = 0; i < outcomes.size(); i++) {
                    EventResult outcome = outcomes.get(i);
                    if (!outcome.success()) {
                      results.get(validPositions.get(i)).fail(outcome.error());
                    }
                  }
                  ctx.json(envelope.wrap(results));
                }));
  }

  private JsonNode parse(Context ctx) {
    byte[] body = RequestBodies.read(ctx, limits.maxBodyBytes());
    if (body.length == 0) {
      throw ApiException.badRequest("Request body is empty: expected {\"events\": [...]}");
    }
    try {
      return json.readTree(body);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new ApiException(
          422,
          "Request body exceeds a JSON limit (SELENE_MAX_JSON_DEPTH / SELENE_MAX_STRING_LENGTH): "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest(
          "Request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private List<JsonNode> events(JsonNode body, boolean requireNonEmpty) {
    JsonNode events = body.isArray() ? body : body.get("events");
    if (events == null || events.isNull()) {
      throw ApiException.badRequest("Missing events payload: expected {\"events\": [...]}");
    }
    List<JsonNode> out = new ArrayList<>();
    if (events.isArray()) {
      for (JsonNode e : events) {
        // Some SDK versions nest a single event in its own array.
        out.add(e.isArray() && e.size() == 1 ? e.get(0) : e);
      }
    } else if (events.isObject()) {
      out.add(events);
    } else {
      throw ApiException.invalid("events", "expected an event object or an array of events");
    }
    if (requireNonEmpty && out.isEmpty()) {
      throw ApiException.badRequest("Missing events payload: the events array is empty");
    }
    if (out.size() > limits.maxEventsPerRequest()) {
      throw ApiException.tooLarge(
          "Too many events in one request: "
              + out.size()
              + " > "
              + limits.maxEventsPerRequest()
              + " (SELENE_MAX_EVENTS_PER_REQUEST); split the batch");
    }
    return out;
  }

  /** Lunary's per-event {@code appId}: a project key sends that event to its project. */
  private UUID projectFor(JsonNode event, UUID requestProject) {
    JsonNode appId = event.get("appId");
    if (appId == null || !appId.isTextual() || appId.asText().isBlank()) {
      return requestProject;
    }
    Optional<Principal> p = keys.find(appId.asText());
    if (p.isPresent() && (p.get().kind() == KeyKind.PUBLIC || p.get().kind() == KeyKind.PRIVATE)) {
      return p.get().projectId();
    }
    return requestProject;
  }

  private UUID projectFromFirstEvent(JsonNode first) {
    JsonNode id = first.has("projectId") ? first.get("projectId") : first.get("app");
    if (id == null || !id.isTextual()) {
      throw ApiException.unauthorized(
          "Missing API key: send 'Authorization: Bearer <key>' or the project id in events[0].app");
    }
    return keys.find(id.asText())
        .filter(p -> p.kind() == KeyKind.PUBLIC || p.kind() == KeyKind.PRIVATE)
        .map(Principal::projectId)
        .orElseThrow(() -> ApiException.unauthorized("This project does not exist"));
  }
}
