package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provider or custom endpoint failed. Mapped to a status the caller can act on: the upstream
 * rejected the request (422), refused our credentials (502: the server's configuration is wrong,
 * not the caller's key), rate-limited us (429, with its {@code Retry-After}), failed (502), timed
 * out (504) or sent something unreadable (502). The message names the upstream.
 */
final class UpstreamException extends ApiException {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_UPSTREAM_MESSAGE = 500;

  private final String retryAfter;

  private UpstreamException(
      int status, String message, Map<String, Object> details, String retryAfter) {
    super(status, message, details);
    this.retryAfter = retryAfter;
  }

  String retryAfter() {
    return retryAfter;
  }

  /** Adds context the HTTP layer does not know, e.g. where the rejected credentials came from. */
  @SuppressWarnings("unchecked")
  UpstreamException with(String key, Object value) {
    ((Map<String, Object>) details()).put(key, value);
    return this;
  }

  static UpstreamException fromStatus(String upstream, int status, String body, String retryAfter) {
    String said = upstreamMessage(body);
    String suffix = " (HTTP " + status + ")" + (said.isEmpty() ? "" : ": " + said);
    Map<String, Object> details = details(upstream);
    details.put("upstreamStatus", status);
    if (!said.isEmpty()) {
      details.put("upstreamMessage", said);
    }
    if (status == 401 || status == 403) {
      return new UpstreamException(
          502, upstream + " refused the credentials" + suffix, details, null);
    }
    if (status == 429) {
      return new UpstreamException(
          429, upstream + " is rate limiting" + suffix, details, retryAfter);
    }
    if (status == 400 || status == 404 || status == 409 || status == 413 || status == 422) {
      return new UpstreamException(422, upstream + " rejected the request" + suffix, details, null);
    }
    return new UpstreamException(502, upstream + " failed" + suffix, details, null);
  }

  static UpstreamException timeout(String upstream, long seconds) {
    return new UpstreamException(
        504,
        upstream + " did not answer within " + seconds + " s (SELENE_PLAYGROUND_TIMEOUT_SECONDS)",
        details(upstream),
        null);
  }

  static UpstreamException unreachable(String upstream, String host, Throwable cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new UpstreamException(
        502, "Cannot reach " + upstream + " at " + host + ": " + why, details(upstream), null);
  }

  static UpstreamException malformed(String upstream, String what) {
    return new UpstreamException(
        502, upstream + " sent a malformed response: " + what, details(upstream), null);
  }

  /** An error the upstream reported inside a stream it had already started. */
  static UpstreamException inStream(String upstream, String body) {
    String said = upstreamMessage(body);
    Map<String, Object> details = details(upstream);
    details.put("upstreamMessage", said);
    return new UpstreamException(502, upstream + " reported an error: " + said, details, null);
  }

  private static Map<String, Object> details(String upstream) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("upstream", upstream);
    return d;
  }

  /** The error text of OpenAI- and Anthropic-style error bodies, or the body itself, shortened. */
  static String upstreamMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.trim();
    try {
      JsonNode node = JSON.readTree(text);
      JsonNode error = node.path("error");
      if (error.path("message").isTextual()) {
        text = error.get("message").asText();
      } else if (node.path("message").isTextual()) {
        text = node.get("message").asText();
      } else if (error.isTextual()) {
        text = error.asText();
      } else if (node.path("detail").isTextual()) {
        text = node.get("detail").asText();
      }
    } catch (Exception notJson) {
      // keep the raw text
    }
    text = text.replaceAll("\\s+", " ").trim();
    return text.length() > MAX_UPSTREAM_MESSAGE
        ? text.substring(0, MAX_UPSTREAM_MESSAGE) + "…"
        : text;
  }
}
