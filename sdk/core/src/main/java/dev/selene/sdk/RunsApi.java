package dev.selene.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The synchronous run requests of the other SDKs: {@code PATCH /v1/runs/{id}/score} and {@code GET
 * /v1/runs/{id}/feedback}. Unlike tracking, the application waits for these and sees failures.
 */
final class RunsApi {
  private final SeleneConfig config;
  private final HttpClient http;

  RunsApi(SeleneConfig config, HttpClient http) {
    this.config = config;
    this.http = http;
  }

  void score(String runId, String label, Object value, String comment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("label", label);
    body.put("value", value);
    if (comment != null) body.put("comment", comment);
    HttpResponse<String> r =
        send(
            "score run " + runId,
            request(runId, "/score")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body))));
    check("score run " + runId, r);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> feedback(String runId) {
    HttpResponse<String> r =
        send("fetch the feedback of run " + runId, request(runId, "/feedback").GET());
    if (r.statusCode() == 204 || r.body() == null || r.body().isBlank()) {
      return null;
    }
    check("fetch the feedback of run " + runId, r);
    Object json = Json.parse(r.body());
    return json instanceof Map ? (Map<String, Object>) json : null;
  }

  private HttpRequest.Builder request(String runId, String suffix) {
    if (!config.enabled()) {
      throw new SeleneException(
          "No API key is configured (LUNARY_PUBLIC_KEY / LUNARY_PRIVATE_KEY)");
    }
    String id = URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20");
    return HttpRequest.newBuilder(URI.create(config.apiUrl() + "/v1/runs/" + id + suffix))
        .timeout(config.requestTimeout())
        .header("Authorization", "Bearer " + config.key())
        .header("Accept", "application/json")
        .header("User-Agent", Selene.USER_AGENT);
  }

  private HttpResponse<String> send(String what, HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SeleneException("Could not " + what + ": " + e, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SeleneException("Interrupted while trying to " + what, 0, e);
    }
  }

  private static void check(String what, HttpResponse<String> r) {
    int status = r.statusCode();
    if (status < 200 || status >= 300) {
      String body = r.body() == null ? "" : r.body();
      throw new SeleneException(
          "Could not " + what + ": HTTP " + status + (body.isEmpty() ? "" : " " + body),
          status,
          null);
    }
  }
}
