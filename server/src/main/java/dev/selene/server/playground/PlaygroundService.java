package dev.selene.server.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import dev.selene.server.playground.RunRecorder.PlaygroundRun;
import dev.selene.server.playground.RunRecorder.Stored;
import dev.selene.server.templates.TemplateRenderer;
import dev.selene.server.templates.TemplateVersion;
import dev.selene.server.templates.TemplateVersions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a prompt: renders the template (or ad-hoc content) with its variables, sends it to an LLM
 * provider or a custom endpoint, passes streamed pieces on as they arrive, and records the call as
 * a run of the project, whether it succeeded or not.
 */
final class PlaygroundService {
  private static final Logger log = LoggerFactory.getLogger(PlaygroundService.class);

  /** A finished run: the answer in OpenAI message format and what it cost. */
  record Outcome(
      UUID runId,
      String provider,
      String model,
      UUID endpointId,
      ObjectNode message,
      String finishReason,
      Integer promptTokens,
      Integer completionTokens,
      Double cost,
      long durationMs,
      Long templateVersionId,
      String replyFormat,
      JsonNode rawReply,
      boolean streamed) {}

  private record Prepared(
      ArrayNode messages,
      ObjectNode extra,
      String model,
      JsonNode variables,
      Long templateVersionId,
      boolean stream) {}

  private final ObjectMapper json;
  private final TemplateVersions versions;
  private final ProviderResolver providers;
  private final EndpointService endpoints;
  private final UpstreamHttp http;
  private final RunRecorder recorder;

  PlaygroundService(
      ObjectMapper json,
      TemplateVersions versions,
      ProviderResolver providers,
      EndpointService endpoints,
      UpstreamHttp http,
      RunRecorder recorder) {
    this.json = json;
    this.versions = versions;
    this.providers = providers;
    this.endpoints = endpoints;
    this.http = http;
    this.recorder = recorder;
  }

  /**
   * Runs the request. {@code deltas} receives streamed pieces (only when the request streams;
   * custom endpoints never do). Failures are thrown as {@link ApiException}s with the status to
   * answer.
   */
  Outcome run(UUID project, PlaygroundRequest request, Consumer<ObjectNode> deltas) {
    Prepared p = prepare(project, request);
    return request.endpointId() != null
        ? runEndpoint(project, request.endpointId(), p)
        : runProvider(project, request.provider(), p, deltas);
  }

  private Prepared prepare(UUID project, PlaygroundRequest r) {
    TemplateVersion version = null;
    if (r.templateVersionId() != null) {
      version =
          versions
              .find(project, r.templateVersionId())
              .orElseThrow(() -> ApiException.notFound("Template version not found"));
    }
    JsonNode content =
        r.content() != null ? r.content() : version == null ? null : version.content();
    if (content == null) {
      throw ApiException.invalid("content", "is required (or give a templateVersionId)");
    }
    ObjectNode extra = version == null ? json.createObjectNode() : version.extra().deepCopy();
    if (r.extra() != null) {
      extra.setAll(r.extra());
    }
    JsonNode variables = r.variables();
    if (variables == null) {
      variables =
          version != null && version.testValues() != null && version.testValues().isObject()
              ? version.testValues()
              : json.createObjectNode();
    }
    ArrayNode messages = Messages.normalize(TemplateRenderer.render(content, variables));
    String model = extra.path("model").isTextual() ? extra.get("model").asText() : null;
    boolean stream = r.stream() != null ? r.stream() : extra.path("stream").asBoolean(false);
    extra.remove("stream");
    extra.remove("stream_options");
    return new Prepared(messages, extra, model, variables, r.templateVersionId(), stream);
  }

  private Outcome runProvider(
      UUID project, String explicitProvider, Prepared p, Consumer<ObjectNode> deltas) {
    if (p.model() == null || p.model().isBlank()) {
      throw ApiException.invalid("extra.model", "is required to run against a provider");
    }
    ProviderTarget target = providers.resolve(project, p.model(), explicitProvider);
    ChatProtocol protocol =
        target.provider().anthropicProtocol
            ? new AnthropicChat(json)
            : new OpenAiChat(json, target.provider());
    ObjectNode params = p.extra().deepCopy();
    params.remove("model");
    ChatRequest chat = new ChatRequest(p.model(), p.messages(), params, p.stream());
    String upstream = target.describe();
    Instant started = Instant.now();
    UUID runId = UUID.randomUUID();
    try {
      HttpResponse<InputStream> response =
          http.open(
              upstream, http.post(target.url(), target.headers(), bytes(protocol.body(chat))));
      ChatResult result;
      if (p.stream() && isEventStream(response)) {
        ChatAccumulator acc = new ChatAccumulator(deltas);
        boolean complete;
        try (UpstreamHttp.Lines lines = http.lines(upstream, response)) {
          complete = SseReader.read(lines::next, protocol.streamListener(acc, upstream));
        }
        if (!complete && !acc.finished()) {
          throw UpstreamException.malformed(
              upstream, "the stream ended before the answer was complete");
        }
        result = acc.result();
      } else {
        result = protocol.parse(readJson(upstream, response));
        if (p.stream()) {
          replay(result, deltas);
        }
      }
      Instant ended = Instant.now();
      Stored stored =
          recorder.record(
              new PlaygroundRun(
                  project,
                  runId,
                  "llm",
                  started,
                  ended,
                  p.model(),
                  p.messages(),
                  result.message(),
                  null,
                  runParams(p),
                  metadata(target.provider().id, null),
                  result.promptTokens(),
                  result.completionTokens(),
                  p.templateVersionId()));
      return new Outcome(
          runId,
          target.provider().id,
          p.model(),
          null,
          result.message(),
          result.finishReason(),
          stored.promptTokens(),
          stored.completionTokens(),
          stored.cost(),
          Duration.between(started, ended).toMillis(),
          p.templateVersionId(),
          null,
          null,
          p.stream());
    } catch (IllegalArgumentException e) {
      UpstreamException failure = UpstreamException.malformed(upstream, e.getMessage());
      recordFailure(
          project, runId, "llm", started, p, target.provider().id, null, failure.getMessage());
      throw failure;
    } catch (RuntimeException e) {
      recordFailure(project, runId, "llm", started, p, target.provider().id, null, e.getMessage());
      if (e instanceof UpstreamException u) {
        throw u.with("credentials", target.source());
      }
      throw e;
    }
  }

  private Outcome runEndpoint(UUID project, UUID endpointId, Prepared p) {
    PlaygroundEndpoint endpoint = endpoints.get(project, endpointId);
    if (endpoint.auth() != null && endpoint.auth().secret() == null) {
      throw ApiException.badRequest(
          "The secret of endpoint '"
              + endpoint.name()
              + "' cannot be decrypted (SELENE_SECRET_KEY changed since it was saved): save it again");
    }
    ObjectNode extra = ModelParams.normalized(p.model(), p.extra());
    ObjectNode payload = endpoint.defaultPayload().deepCopy();
    payload.set("messages", p.messages());
    payload.set("model_params", extra);
    payload.set("content", p.messages());
    payload.set("extra", extra);
    payload.set("variables", p.variables());
    Map<String, String> headers = new LinkedHashMap<>();
    endpoint
        .headers()
        .fields()
        .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    if (endpoint.auth() != null) {
      endpoint.auth().addTo(headers);
    }
    String upstream = "Custom endpoint '" + endpoint.name() + "'";
    Instant started = Instant.now();
    UUID runId = UUID.randomUUID();
    try {
      HttpResponse<InputStream> response =
          http.open(upstream, http.post(URI.create(endpoint.url()), headers, bytes(payload)));
      EndpointReply reply =
          EndpointReply.read(
              json, http.readAll(upstream, response, UpstreamHttp.MAX_BODY_BYTES, false));
      Instant ended = Instant.now();
      Stored stored =
          recorder.record(
              new PlaygroundRun(
                  project,
                  runId,
                  "chain",
                  started,
                  ended,
                  endpoint.name(),
                  p.messages(),
                  reply.message(),
                  null,
                  runParams(p),
                  metadata("custom-endpoint", endpoint),
                  reply.promptTokens(),
                  reply.completionTokens(),
                  p.templateVersionId()));
      return new Outcome(
          runId,
          "custom-endpoint",
          p.model(),
          endpoint.id(),
          reply.message(),
          null,
          stored.promptTokens(),
          stored.completionTokens(),
          null,
          Duration.between(started, ended).toMillis(),
          p.templateVersionId(),
          reply.format(),
          reply.raw(),
          false);
    } catch (RuntimeException e) {
      recordFailure(
          project, runId, "chain", started, p, "custom-endpoint", endpoint, e.getMessage());
      throw e;
    }
  }

  /** A provider that answered a stream request with plain JSON still gives the client a delta. */
  private static void replay(ChatResult result, Consumer<ObjectNode> deltas) {
    ChatAccumulator replay = new ChatAccumulator(deltas);
    replay.text(Messages.text(result.message().get("content")));
    int i = 0;
    for (JsonNode call : result.message().path("tool_calls")) {
      replay.toolCall(
          i++,
          call.path("id").asText(null),
          call.path("function").path("name").asText(null),
          call.path("function").path("arguments").asText(""));
    }
  }

  private JsonNode readJson(String upstream, HttpResponse<InputStream> response) {
    byte[] body = http.readAll(upstream, response, UpstreamHttp.MAX_BODY_BYTES, false);
    try {
      return json.readTree(body);
    } catch (Exception e) {
      throw new IllegalArgumentException("the answer is not JSON");
    }
  }

  private static boolean isEventStream(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream"))
        .orElse(false);
  }

  private void recordFailure(
      UUID project,
      UUID runId,
      String type,
      Instant started,
      Prepared p,
      String provider,
      PlaygroundEndpoint endpoint,
      String message) {
    String name = endpoint != null ? endpoint.name() : p.model() != null ? p.model() : "playground";
    recorder.record(
        new PlaygroundRun(
            project,
            runId,
            type,
            started,
            Instant.now(),
            name,
            p.messages(),
            null,
            message == null ? "failed" : message,
            runParams(p),
            metadata(provider, endpoint),
            null,
            null,
            p.templateVersionId()));
  }

  private ObjectNode runParams(Prepared p) {
    ObjectNode params = p.extra().deepCopy();
    params.remove("model");
    return params;
  }

  private ObjectNode metadata(String provider, PlaygroundEndpoint endpoint) {
    ObjectNode m = json.createObjectNode().put("source", "playground").put("provider", provider);
    if (endpoint != null) {
      m.put("endpointId", endpoint.id().toString()).put("endpointName", endpoint.name());
    }
    return m;
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
