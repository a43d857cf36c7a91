package dev.selene.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.auth.Auth;
import dev.selene.server.http.ApiException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * HTTP side of changing runs. Every change needs the private key (a public key gets 403), answers
 * {@code 200 {}}, 404 for a run the project does not have, and 422 naming the field of a bad body.
 */
final class RunWriteHandler {
  private static final Map<String, Object> OK = Map.of();

  private final RunMutations mutations;
  private final ObjectMapper json;

  RunWriteHandler(RunMutations mutations, ObjectMapper json) {
    this.mutations = mutations;
    this.json = json;
  }

  /**
   * {@code PATCH /v1/runs/{id}/feedback}: merges the body into the feedback; a key sent as null is
   * removed ({@code {"thumb": null}} takes a thumb back).
   */
  void feedback(Context ctx) throws Exception {
    UUID project = Auth.requirePrivate(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    JsonNode body = body(ctx);
    if (!body.isNull() && !body.isObject()) {
      throw ApiException.invalid(
          "body", "feedback must be a JSON object such as {\"thumb\":\"up\"}");
    }
    ObjectNode patch = body.isObject() ? ((ObjectNode) body).deepCopy() : json.createObjectNode();
    JsonNode thumb = patch.get("thumb");
    if (thumb != null
        && !thumb.isNull()
        && !(thumb.isTextual() && thumb.asText().matches("up|down"))) {
      throw ApiException.invalid("thumb", "must be \"up\", \"down\" or null");
    }
    JsonNode comment = patch.get("comment");
    if (comment != null && !comment.isNull() && !comment.isTextual()) {
      throw ApiException.invalid("comment", "must be a string or null");
    }
    List<String> removed = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        removed.add(field.getKey());
        it.remove();
      }
    }
    if (!mutations.mergeFeedback(project, id, json.writeValueAsString(patch), removed)) {
      throw RunReadHandler.runNotFound();
    }
    ctx.json(OK);
  }

  /** {@code PATCH /v1/runs/{id}/score}: {@code {label, value: number|string|boolean, comment?}}. */
  void score(Context ctx) throws Exception {
    UUID project = Auth.requirePrivate(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    JsonNode body = object(ctx);
    JsonNode label = body.path("label");
    if (!label.isTextual() || label.asText().isBlank()) {
      throw ApiException.invalid("label", "required: a non-empty string");
    }
    JsonNode value = body.path("value");
    if (!(value.isNumber() || value.isTextual() || value.isBoolean())) {
      throw ApiException.invalid("value", "required: a number, a string or a boolean");
    }
    JsonNode comment = body.get("comment");
    if (comment != null && !comment.isNull() && !comment.isTextual()) {
      throw ApiException.invalid("comment", "must be a string or null");
    }
    boolean stored =
        mutations.upsertScore(
            project,
            id,
            label.asText(),
            json.writeValueAsString(value),
            comment != null,
            comment == null || comment.isNull() ? null : comment.asText());
    if (!stored) {
      throw RunReadHandler.runNotFound();
    }
    ctx.json(OK);
  }

  /** {@code PATCH /v1/runs/{id}/tags}: {@code {tags: string[] | null}} replaces the tags. */
  void tags(Context ctx) throws Exception {
    UUID project = Auth.requirePrivate(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    JsonNode body = object(ctx);
    JsonNode tags = body.get("tags");
    if (tags == null || !(tags.isNull() || tags.isArray())) {
      throw ApiException.invalid("tags", "required: an array of strings, or null to clear");
    }
    List<String> values = null;
    if (tags.isArray()) {
      values = new ArrayList<>();
      for (JsonNode tag : tags) {
        if (!tag.isTextual()) {
          throw ApiException.invalid("tags", "every tag must be a string");
        }
        values.add(tag.asText());
      }
    }
    if (!mutations.replaceTags(project, id, values)) {
      throw RunReadHandler.runNotFound();
    }
    ctx.json(OK);
  }

  /** {@code PATCH /v1/runs/{id}/visibility}: {@code {visibility: boolean}}. */
  void visibility(Context ctx) throws Exception {
    UUID project = Auth.requirePrivate(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    JsonNode visibility = object(ctx).path("visibility");
    if (!visibility.isBoolean()) {
      throw ApiException.invalid("visibility", "required: true (public) or false (private)");
    }
    if (!mutations.setPublic(project, id, visibility.asBoolean())) {
      throw RunReadHandler.runNotFound();
    }
    ctx.json(OK);
  }

  /** {@code DELETE /v1/runs/{id}}: the run and everything under it. */
  void delete(Context ctx) throws Exception {
    UUID project = Auth.requirePrivate(ctx);
    UUID id = RunIds.parse("id", ctx.pathParam("id"));
    if (mutations.deleteTree(project, id) == 0) {
      throw RunReadHandler.runNotFound();
    }
    ctx.json(OK);
  }

  private JsonNode body(Context ctx) throws Exception {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      return NullNode.getInstance();
    }
    JsonNode node = json.readTree(bytes);
    return node == null ? NullNode.getInstance() : node;
  }

  private JsonNode object(Context ctx) throws Exception {
    JsonNode body = body(ctx);
    if (!body.isObject()) {
      throw ApiException.invalid("body", "expected a JSON object");
    }
    return body;
  }
}
