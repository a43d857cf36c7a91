package dev.selene.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import dev.selene.server.auth.KeyKind;
import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** HTTP side of reading runs: parses parameters, calls {@link RunQueries}, maps to responses. */
final class RunReadHandler {
  private static final int MAX_USAGE_DAYS = 36_500;

  private final RunQueries queries;
  private final RunExport export;

  RunReadHandler(RunQueries queries, RunExport export) {
    this.queries = queries;
    this.export = export;
  }

  /** {@code GET /v1/runs}: {@code {page, limit, data}}, like the reference (no total). */
  void list(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    RunListRequest request = RunListRequest.from(ctx);
    // The reference shortens inputs and outputs when the list asks for type=llm literally.
    boolean preview = "llm".equals(ctx.queryParam("type"));
    List<ObjectNode> runs = queries.list(project, request, preview);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("page", request.page());
    body.put("limit", request.limit());
    body.put("data", runs);
    ctx.json(body);
  }

  /** {@code GET /v1/runs/count}: a bare number. */
  void count(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    ctx.json(queries.count(project, RunListRequest.from(ctx)));
  }

  void get(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    ctx.json(queries.find(project, id).orElseThrow(RunReadHandler::runNotFound));
  }

  /** Anyone may read a run its project made public; nothing tells other runs apart from unknown. */
  void getPublic(Context ctx) throws Exception {
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    ctx.json(
        queries
            .findPublic(id)
            .orElseThrow(() -> ApiException.notFound("Run not found. It might not be public.")));
  }

  void related(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    List<ObjectNode> rows = queries.related(project, id);
    if (rows.isEmpty()) {
      throw runNotFound();
    }
    ctx.json(rows);
  }

  /** The raw feedback; 204 with no body when the run has none (as the reference). */
  void feedback(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    JsonNode feedback = queries.feedback(project, id).orElseThrow(RunReadHandler::runNotFound);
    if (feedback.isNull()) {
      ctx.status(204);
    } else {
      ctx.json(feedback);
    }
  }

  /** {@code GET /v1/runs/usage?days=N[&userId=<external user id>][&daily]}. */
  void usage(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    if (ctx.queryParam("days") == null || ctx.queryParam("days").isEmpty()) {
      throw ApiException.invalid("days", "required: the number of days to look back");
    }
    int days = RunListRequest.intParam(ctx, "days", 0, 1, MAX_USAGE_DAYS);
    Long userId = null;
    String user = ctx.queryParam("userId");
    if (user != null && !user.isEmpty()) {
      try {
        userId = Long.parseLong(user.trim());
      } catch (NumberFormatException e) {
        throw ApiException.invalid("userId", "must be the numeric id of an external user");
      }
    }
    String daily = ctx.queryParam("daily");
    boolean perDay = daily != null && !"false".equals(daily) && !"0".equals(daily);
    ctx.json(queries.usage(project, days, userId, perDay));
  }

  /** {@code GET /v1/runs/export}: streamed; only a project's private key may export. */
  void export(Context ctx) throws Exception {
    UUID project = Auth.projectId(ctx);
    if (Auth.principal(ctx).orElseThrow().kind() != KeyKind.PRIVATE) {
      throw ApiException.forbidden("Exporting runs requires the project's private API key");
    }
    ExportFormat format = ExportFormat.parse(ctx.queryParam("exportFormat"));
    RunListRequest request = RunListRequest.from(ctx);
    export.stream(
        project,
        request,
        format,
        () -> {
          ctx.status(200);
          ctx.contentType(format.contentType);
          ctx.header("Content-Disposition", "attachment; filename=\"" + format.fileName + "\"");
        },
        ctx::outputStream);
  }

  static ApiException runNotFound() {
    return ApiException.notFound("Run not found");
  }
}
