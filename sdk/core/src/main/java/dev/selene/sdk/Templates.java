package dev.selene.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches templates ({@code GET /v1/template_versions/latest?slug=}, the path both official SDKs
 * use), caches them per slug, and renders their {@code {{variables}}}.
 */
final class Templates {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{(.*?)}}");

  private final SeleneConfig config;
  private final HttpClient http;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  Templates(SeleneConfig config, HttpClient http) {
    this.config = config;
    this.http = http;
  }

  Template fetch(String slug) {
    if (slug == null || slug.isBlank()) {
      throw new IllegalArgumentException("slug is required");
    }
    long now = System.nanoTime();
    Cached c = cache.get(slug);
    if (c != null && now - c.fetchedAt < config.templateCacheTtl().toNanos()) {
      return c.template;
    }
    Template t = download(slug);
    if (!config.templateCacheTtl().isZero()) {
      cache.put(slug, new Cached(t, now));
    }
    return t;
  }

  private Template download(String slug) {
    String body =
        get(
            "/v1/template_versions/latest?slug=" + URLEncoder.encode(slug, StandardCharsets.UTF_8),
            "template '" + slug + "'");
    return parse(slug, body);
  }

  /** The latest version of every template of the project ({@code GET /v1/templates/latest}). */
  @SuppressWarnings("unchecked")
  List<Template> latestOfEach() {
    String body = get("/v1/templates/latest", "the templates");
    Object json;
    try {
      json = Json.parse(body);
    } catch (IllegalArgumentException e) {
      throw new SeleneException("Templates: the answer is not JSON", 200, e);
    }
    if (!(json instanceof List)) {
      throw new SeleneException("Templates: the answer is not a list", 200, null);
    }
    List<Template> out = new ArrayList<>();
    for (Object item : (List<Object>) json) {
      if (item instanceof Map) {
        Map<String, Object> m = (Map<String, Object>) item;
        Object slug = m.get("slug");
        out.add(toTemplate(slug == null ? null : slug.toString(), m));
      }
    }
    return out;
  }

  private String get(String pathAndQuery, String what) {
    if (!config.enabled()) {
      throw new SeleneException(
          "Cannot fetch " + what + ": no API key is configured (LUNARY_PUBLIC_KEY)");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.apiUrl() + pathAndQuery))
            .timeout(config.requestTimeout())
            .header("Authorization", "Bearer " + config.key())
            .header("Accept", "application/json")
            .header("User-Agent", Selene.USER_AGENT)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SeleneException("Error fetching " + what + ": " + e, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SeleneException("Interrupted while fetching " + what, 0, e);
    }
    int status = response.statusCode();
    if (status == 404) {
      throw new SeleneException(capitalize(what) + " not found", status, null);
    }
    if (status == 401 || status == 403) {
      throw new SeleneException(
          "Error fetching " + what + ": the key was refused (HTTP " + status + ")", status, null);
    }
    if (status < 200 || status >= 300) {
      throw new SeleneException(
          "Error fetching " + what + ": HTTP " + status + " " + response.body(), status, null);
    }
    return response.body();
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  @SuppressWarnings("unchecked")
  private static Template parse(String slug, String body) {
    Object json;
    try {
      json = Json.parse(body);
    } catch (IllegalArgumentException e) {
      throw new SeleneException("Template '" + slug + "': the answer is not JSON", 200, e);
    }
    if (!(json instanceof Map)) {
      throw new SeleneException("Template '" + slug + "': the answer is not an object", 200, null);
    }
    return toTemplate(slug, (Map<String, Object>) json);
  }

  @SuppressWarnings("unchecked")
  private static Template toTemplate(String slug, Map<String, Object> m) {
    Object id = m.get("id");
    Object content = m.get("content");
    Object extra = m.get("extra");
    if (id == null || content == null) {
      throw new SeleneException(
          "Template '" + slug + "': the answer has no id or content", 200, null);
    }
    return new Template(
        slug,
        id.toString(),
        content,
        extra instanceof Map ? (Map<String, Object>) extra : Map.of());
  }

  /**
   * Fills in {@code {{name}}} placeholders: surrounding spaces are ignored, missing ones are "".
   */
  @SuppressWarnings("unchecked")
  static RenderedTemplate render(Template t, Map<String, ?> variables) {
    Map<String, ?> vars = variables == null ? Map.of() : variables;
    Map<String, Object> params = new LinkedHashMap<>(t.extra());
    if (t.content() instanceof List) {
      List<Map<String, Object>> messages = new ArrayList<>();
      for (Object item : (List<Object>) t.content()) {
        if (!(item instanceof Map)) {
          continue;
        }
        Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) item);
        Object content = message.get("content");
        if (content instanceof String) {
          message.put("content", fill((String) content, vars));
        }
        messages.add(message);
      }
      return new RenderedTemplate(t.slug(), t.id(), messages, null, params);
    }
    return new RenderedTemplate(t.slug(), t.id(), null, fill(t.content().toString(), vars), params);
  }

  static String fill(String text, Map<String, ?> vars) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      Object value = vars.get(m.group(1).trim());
      if (value != null) {
        out.append(value instanceof String ? (String) value : render(value));
      }
      last = m.end();
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  private static String render(Object value) {
    return value instanceof Map || value instanceof Iterable ? Json.write(value) : value.toString();
  }

  private static final class Cached {
    final Template template;
    final long fetchedAt;

    Cached(Template template, long fetchedAt) {
      this.template = template;
      this.fetchedAt = fetchedAt;
    }
  }
}
