package dev.selene.server.langwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.selene.server.http.ApiException;
import dev.selene.server.otlp.OtelSpan;
import dev.selene.server.otlp.OtelSpan.Decoded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LangWatch collector spans as OTLP spans with LangWatch's attributes, exactly as LangWatch itself
 * converts them ({@code collectorSpan.utils.ts}), so that one rule table maps both. Trace-level
 * metadata (user, thread, customer, labels, custom keys) becomes resource attributes.
 */
final class CollectorSpans {
  static final int MAX_SPANS = 200;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> TYPES =
      Set.of(
          "span",
          "llm",
          "chain",
          "tool",
          "agent",
          "rag",
          "guardrail",
          "evaluation",
          "workflow",
          "component",
          "module",
          "server",
          "client",
          "producer",
          "consumer",
          "task",
          "unknown");
  private static final Set<String> METRICS =
      Set.of(
          "prompt_tokens",
          "completion_tokens",
          "reasoning_tokens",
          "cache_read_input_tokens",
          "cache_creation_input_tokens",
          "cost",
          "tokens_estimated");
  private static final Set<String> PROVIDERS =
      Set.of(
          "openai",
          "anthropic",
          "azure",
          "google",
          "gemini",
          "vertex_ai",
          "mistral",
          "groq",
          "bedrock",
          "cohere",
          "deepseek",
          "xai",
          "ollama");

  private CollectorSpans() {}

  /** The trace id every span shares (400 when absent or mixed, as LangWatch answers). */
  static String traceId(JsonNode body, JsonNode spans) {
    String top = text(body.get("trace_id"));
    String found = top;
    for (JsonNode s : spans) {
      String own = text(s.get("trace_id"));
      if (own == null) {
        continue;
      }
      if (found != null && !found.equals(own)) {
        throw ApiException.badRequest("All spans must have the same trace id");
      }
      found = own;
    }
    if (found == null) {
      throw ApiException.badRequest("Trace ID not defined");
    }
    return found;
  }

  static Map<String, JsonNode> resource(JsonNode body) {
    JsonNode metadata = body.get("metadata");
    Map<String, JsonNode> meta = new LinkedHashMap<>();
    if (metadata != null && metadata.isObject() && !metadata.isEmpty()) {
      metadata.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue()));
    } else {
      for (String legacy : List.of("thread_id", "user_id", "customer_id", "labels")) {
        if (body.hasNonNull(legacy)) {
          meta.put(legacy, body.get(legacy));
        }
      }
    }
    Map<String, JsonNode> resource = new LinkedHashMap<>();
    meta.forEach(
        (k, v) -> {
          if (v == null || v.isNull()) {
            return;
          }
          switch (k) {
            case "thread_id" -> resource.put("langwatch.thread.id", textNode(text(v)));
            case "user_id" -> resource.put("langwatch.user.id", textNode(text(v)));
            case "customer_id" -> resource.put("langwatch.customer.id", textNode(text(v)));
            case "labels" -> resource.put("langwatch.labels", new TextNode(labels(v).toString()));
            case "sdk_version" -> resource.put("langwatch.sdk.version", textNode(text(v)));
            case "sdk_language" -> resource.put("langwatch.sdk.language", textNode(text(v)));
            case "topic_id",
                "subtopic_id",
                "sdk_name",
                "telemetry_sdk_name",
                "telemetry_sdk_version",
                "telemetry_sdk_language",
                "prompt_ids",
                "prompt_version_ids" -> {}
            default -> resource.put("langwatch.metadata." + k, v);
          }
        });
    if (body.hasNonNull("expected_output")) {
      resource.put("langwatch.expected_output", textNode(text(body.get("expected_output"))));
    }
    return resource;
  }

  static Decoded span(JsonNode s, int index, String traceId, Map<String, JsonNode> resource) {
    String at = "spans[" + index + "]";
    if (!s.isObject()) {
      return Decoded.rejected(at + ": expected an object");
    }
    String spanId = text(s.has("span_id") ? s.get("span_id") : s.get("id"));
    if (spanId == null || spanId.isEmpty()) {
      return Decoded.rejected(at + ".span_id: required");
    }
    String type = text(s.get("type"));
    if (type == null || !TYPES.contains(type)) {
      return Decoded.rejected(at + ".type: expected one of " + String.join(", ", sorted(TYPES)));
    }
    JsonNode ts = s.get("timestamps");
    if (ts == null || !ts.isObject() || !ts.has("started_at") || !ts.has("finished_at")) {
      return Decoded.rejected(at + ".timestamps: started_at and finished_at are required");
    }
    for (String f : List.of("started_at", "finished_at", "first_token_at")) {
      JsonNode t = ts.get(f);
      if (t != null && !t.isNull() && (!t.isIntegralNumber() || t.asText().length() != 13)) {
        return Decoded.rejected(
            at
                + ".timestamps."
                + f
                + ": Timestamps should be in milliseconds not in seconds, please multiply it by"
                + " 1000");
      }
    }
    Map<String, JsonNode> attrs = new LinkedHashMap<>();
    attrs.put("langwatch.span.type", new TextNode(type));
    JsonNode output = s.get("output");
    if ((output == null || output.isNull()) && s.has("outputs") && s.get("outputs").isArray()) {
      JsonNode outputs = s.get("outputs");
      output =
          outputs.isEmpty()
              ? null
              : outputs.size() == 1
                  ? outputs.get(0)
                  : NODES.objectNode().put("type", "list").set("value", outputs);
    }
    putJson(attrs, "langwatch.input", s.get("input"));
    putJson(attrs, "langwatch.output", output);
    String vendor = text(s.get("vendor"));
    String model = text(s.get("model"));
    if (model != null) {
      int slash = model.indexOf('/');
      if (slash > 0) {
        String prefix = model.substring(0, slash);
        if (prefix.equals(vendor) || PROVIDERS.contains(prefix)) {
          vendor = vendor == null ? prefix : vendor;
          model = model.substring(slash + 1);
        }
      }
      attrs.put("gen_ai.request.model", new TextNode(model));
    }
    if (vendor != null) {
      attrs.put("gen_ai.system", new TextNode(vendor));
    }
    if (s.hasNonNull("contexts")) {
      putJson(attrs, "langwatch.rag.contexts", s.get("contexts"));
    }
    var params =
        s.get("params") instanceof com.fasterxml.jackson.databind.node.ObjectNode p
            ? p.deepCopy()
            : NODES.objectNode();
    JsonNode metrics = s.get("metrics");
    if (metrics != null && metrics.isObject()) {
      metrics
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isNull()) {
                  return;
                }
                switch (e.getKey()) {
                  case "prompt_tokens" -> attrs.put("gen_ai.usage.input_tokens", e.getValue());
                  case "completion_tokens" -> attrs.put("gen_ai.usage.output_tokens", e.getValue());
                  case "reasoning_tokens" ->
                      attrs.put("gen_ai.usage.reasoning_tokens", e.getValue());
                  case "cache_read_input_tokens" ->
                      attrs.put("gen_ai.usage.cache_read.input_tokens", e.getValue());
                  case "cache_creation_input_tokens" ->
                      attrs.put("gen_ai.usage.cache_creation.input_tokens", e.getValue());
                  case "cost" -> attrs.put("langwatch.span.cost", e.getValue());
                  case "tokens_estimated" -> attrs.put("langwatch.tokens.estimated", e.getValue());
                  default -> {
                    if (!METRICS.contains(e.getKey())) {
                      params.set(e.getKey(), e.getValue());
                    }
                  }
                }
              });
    }
    if (!params.isEmpty()) {
      putJson(attrs, "langwatch.params", params);
    }
    long start = ts.get("started_at").asLong() * 1_000_000L;
    long end = ts.get("finished_at").asLong() * 1_000_000L;
    List<OtelSpan.Event> events = new ArrayList<>();
    if (ts.hasNonNull("first_token_at")) {
      events.add(
          new OtelSpan.Event(
              "first_token", ts.get("first_token_at").asLong() * 1_000_000L, Map.of()));
    }
    int status = 1;
    String statusMessage = "";
    JsonNode error = s.get("error");
    if (error != null && error.isObject()) {
      status = 2;
      statusMessage = error.path("message").asText("Error");
      Map<String, JsonNode> ex = new LinkedHashMap<>();
      ex.put("exception.message", new TextNode(statusMessage));
      JsonNode stack = error.get("stacktrace");
      if (stack != null && stack.isArray() && !stack.isEmpty()) {
        List<String> lines = new ArrayList<>();
        stack.forEach(l -> lines.add(l.asText()));
        ex.put("exception.stacktrace", new TextNode(String.join("\n", lines)));
      }
      events.add(new OtelSpan.Event("exception", end, ex));
    }
    String name = text(s.get("name"));
    return Decoded.ok(
        new OtelSpan(
            traceId,
            spanId,
            text(s.get("parent_id")),
            name == null ? type : name,
            kind(type),
            start,
            end,
            attrs,
            resource,
            "langwatch.rest.collector",
            "",
            events,
            status,
            statusMessage));
  }

  private static int kind(String type) {
    return switch (type) {
      case "server" -> 2;
      case "client" -> 3;
      case "producer" -> 4;
      case "consumer" -> 5;
      default -> 1;
    };
  }

  private static JsonNode labels(JsonNode v) {
    var out = NODES.arrayNode();
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      v.forEach(l -> out.add(l.asText()));
    } else if (v.isObject()) {
      v.fields().forEachRemaining(e -> out.add(e.getKey() + ": " + e.getValue().asText()));
    }
    return out;
  }

  private static void putJson(Map<String, JsonNode> attrs, String key, JsonNode v) {
    if (v != null && !v.isNull()) {
      attrs.put(key, new TextNode(v.toString()));
    }
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  private static TextNode textNode(String s) {
    return new TextNode(s);
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
