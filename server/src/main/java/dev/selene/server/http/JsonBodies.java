package dev.selene.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** Request bodies that must be one JSON object (the CRUD routes). */
public final class JsonBodies {
  private JsonBodies() {}

  public static JsonNode object(Context ctx, ObjectMapper json) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("Request body could not be read");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
    return node;
  }
}
