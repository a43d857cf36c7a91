package dev.selene.server.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import dev.selene.server.http.ApiException;
import dev.selene.server.playground.PlaygroundService.Outcome;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/playground} (and the reference's {@code /v1/orgs/{orgId}/playground}): runs a
 * prompt. Non-streamed runs answer one JSON object; streamed runs answer NDJSON lines {@code
 * {"type":"delta",…}} as pieces arrive, then {@code {"type":"end",…}} with the same fields as the
 * non-streamed answer, or {@code {"type":"error",…}} if the provider fails mid-stream.
 */
final class PlaygroundHandler {
  private static final Logger log = LoggerFactory.getLogger(PlaygroundHandler.class);

  private final PlaygroundService service;
  private final ObjectMapper json;

  PlaygroundHandler(PlaygroundService service, ObjectMapper json) {
    this.service = service;
    this.json = json;
  }

  void routes(RoutesConfig routes) {
    routes.post("/v1/playground", this::run);
    routes.post("/v1/orgs/{orgId}/playground", this::run);
    routes.post("/v1/playground-endpoints/{id}/run", this::runEndpoint);
  }

  private void run(Context ctx) {
    UUID project = Auth.projectId(ctx);
    execute(ctx, project, PlaygroundRequest.parse(Inputs.object(ctx, json)));
  }

  /** Shortcut: the endpoint id in the path instead of the body. */
  private void runEndpoint(Context ctx) {
    UUID project = Auth.projectId(ctx);
    PlaygroundRequest r = PlaygroundRequest.parse(Inputs.object(ctx, json));
    UUID endpoint = Inputs.uuid(ctx, EndpointService::notFound);
    execute(
        ctx,
        project,
        new PlaygroundRequest(
            r.content(), r.extra(), r.variables(), r.templateVersionId(), endpoint, null, false));
  }

  private void execute(Context ctx, UUID project, PlaygroundRequest request) {
    NdjsonStream stream = new NdjsonStream(ctx, json);
    try {
      Outcome outcome = service.run(project, request, stream::write);
      ObjectNode view = view(outcome);
      if (outcome.streamed()) {
        view.put("type", "end");
        stream.write(view);
      } else {
        ctx.json(view);
      }
    } catch (ApiException e) {
      if (!stream.started()) {
        if (e instanceof UpstreamException u && u.retryAfter() != null) {
          ctx.header("Retry-After", u.retryAfter());
        }
        throw e;
      }
      writeError(stream, e.status(), e.getMessage());
    } catch (UncheckedIOException e) {
      log.debug("Playground client disconnected while streaming");
    } catch (RuntimeException e) {
      if (!stream.started()) {
        throw e;
      }
      log.warn("Playground stream failed", e);
      writeError(stream, 500, "Internal server error");
    }
  }

  private void writeError(NdjsonStream stream, int status, String message) {
    ObjectNode line = json.createObjectNode().put("type", "error");
    line.putObject("error").put("status", status).put("message", message);
    try {
      stream.write(line);
    } catch (UncheckedIOException gone) {
      log.debug("Playground client disconnected before the error line");
    }
  }

  private ObjectNode view(Outcome o) {
    ObjectNode v = json.createObjectNode();
    v.put("runId", o.runId().toString());
    v.put("provider", o.provider());
    v.put("model", o.model());
    if (o.endpointId() != null) {
      v.put("endpointId", o.endpointId().toString());
    }
    v.set("message", o.message());
    v.put("finishReason", o.finishReason());
    ObjectNode usage = v.putObject("usage");
    usage.put("promptTokens", o.promptTokens());
    usage.put("completionTokens", o.completionTokens());
    usage.put(
        "totalTokens",
        o.promptTokens() == null && o.completionTokens() == null
            ? null
            : (o.promptTokens() == null ? 0 : o.promptTokens())
                + (o.completionTokens() == null ? 0 : o.completionTokens()));
    v.put("cost", o.cost());
    v.put("durationMs", o.durationMs());
    v.put("templateVersionId", o.templateVersionId());
    if (o.replyFormat() != null) {
      v.put("format", o.replyFormat());
      v.set("response", o.rawReply());
    }
    return v;
  }
}
