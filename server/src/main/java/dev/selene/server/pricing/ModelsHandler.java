package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.auth.Auth;
import dev.selene.server.auth.KeyKind;
import dev.selene.server.auth.Principal;
import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** HTTP for {@code /v1/models}: the caller's organisation is the scope of every call. */
final class ModelsHandler {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ModelPriceService service;
  private final ObjectMapper json;

  ModelsHandler(ModelPriceService service, ObjectMapper json) {
    this.service = service;
    this.json = json;
  }

  void list(Context ctx) {
    ctx.json(service.list(orgId(ctx)).stream().map(ModelsHandler::toJson).toList());
  }

  void create(Context ctx) throws IOException {
    ctx.json(toJson(service.create(orgId(ctx), body(ctx))));
  }

  void update(Context ctx) throws IOException {
    UUID org = orgId(ctx);
    ctx.json(toJson(service.update(org, id(ctx), body(ctx))));
  }

  void delete(Context ctx) {
    UUID org = orgId(ctx);
    service.delete(org, id(ctx));
    ctx.status(200);
  }

  /** Model prices belong to the organisation: a private key's or a session's. */
  private static UUID orgId(Context ctx) {
    Principal principal =
        Auth.principal(ctx)
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        "Missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
    if (principal.kind() != KeyKind.PRIVATE && principal.kind() != KeyKind.ACCOUNT) {
      throw ApiException.forbidden("Managing model prices requires a private API key");
    }
    return principal.orgId();
  }

  private static UUID id(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("Model price " + raw + " not found");
    }
  }

  private JsonNode body(Context ctx) throws IOException {
    String body = ctx.body();
    if (body.isBlank()) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
    return json.readTree(body);
  }

  static Map<String, Object> toJson(ModelPrice p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("name", p.name());
    out.put("pattern", p.pattern());
    out.put("unit", p.unit().name());
    out.put("inputCost", p.inputCost());
    out.put("outputCost", p.outputCost());
    out.put("cachedInputCost", p.cachedInputCost());
    out.put("tokenizer", p.tokenizer());
    out.put("startDate", timestamp(p.startDate()));
    out.put("createdAt", timestamp(p.createdAt()));
    out.put("updatedAt", timestamp(p.updatedAt()));
    out.put("orgId", p.orgId());
    out.put("provider", p.provider());
    return out;
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : ISO_MILLIS.format(instant);
  }
}
