package dev.selene.sdk.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.selene.sdk.Run;
import dev.selene.sdk.RunBuilder;
import dev.selene.sdk.Selene;
import dev.selene.sdk.SeleneContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Maps one chat completion to an LLM run the way Lunary's {@code monitorOpenAI} does: name = model,
 * input = messages, params = the generation settings, output = the first choice's message, token
 * usage from {@code usage} (cached prompt tokens included).
 */
final class ChatCompletionTracker {
  /** Request fields recorded as the run's params (the JS SDK's list, plus newer ones). */
  private static final List<String> PARAMS =
      List.of(
          "temperature",
          "top_p",
          "top_k",
          "stop",
          "audio",
          "prediction",
          "modalities",
          "presence_penalty",
          "frequency_penalty",
          "seed",
          "function_call",
          "service_tier",
          "parallel_tool_calls",
          "functions",
          "tools",
          "tool_choice",
          "top_logprobs",
          "logprobs",
          "response_format",
          "max_tokens",
          "max_completion_tokens",
          "logit_bias",
          "n",
          "reasoning_effort",
          "verbosity",
          "stream");

  static final ObjectMapper JSON = ObjectMappers.jsonMapper();

  private ChatCompletionTracker() {}

  static ChatCompletion create(
      Selene selene, ChatCompletionCreateParams params, Supplier<ChatCompletion> call) {
    Run run = start(selene, params, true);
    ChatCompletion completion;
    try {
      completion = call.get();
    } catch (RuntimeException | Error e) {
      run.fail(e);
      throw e;
    }
    try {
      JsonNode json = JSON.valueToTree(completion);
      usage(run, json.get("usage"));
      run.output(firstMessage(json));
    } catch (RuntimeException mappingFailed) {
      // tracking must never break the call: end the run without output
    }
    run.end();
    return completion;
  }

  static StreamResponse<ChatCompletionChunk> createStreaming(
      Selene selene,
      ChatCompletionCreateParams params,
      Supplier<StreamResponse<ChatCompletionChunk>> call) {
    Run run = start(selene, params, false);
    StreamResponse<ChatCompletionChunk> response;
    try {
      response = call.get();
    } catch (RuntimeException | Error e) {
      run.fail(e);
      throw e;
    }
    return new TrackedStream(response, run);
  }

  /** The asynchronous client's create: the run ends when the future completes. */
  static CompletableFuture<ChatCompletion> createAsync(
      Selene selene,
      ChatCompletionCreateParams params,
      Supplier<CompletableFuture<ChatCompletion>> call) {
    Run run = start(selene, params, false);
    CompletableFuture<ChatCompletion> future;
    try {
      future = call.get();
    } catch (RuntimeException | Error e) {
      run.fail(e);
      throw e;
    }
    // The application gets a future that completes once the run is recorded, so whatever it does
    // next (flush, read the trace) sees the run ended; cancelling it cancels the request.
    CompletableFuture<ChatCompletion> tracked =
        future.whenComplete(
            (completion, error) -> {
              if (error != null) {
                run.fail(
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error);
                return;
              }
              try {
                JsonNode json = JSON.valueToTree(completion);
                usage(run, json.get("usage"));
                run.output(firstMessage(json));
              } catch (RuntimeException mappingFailed) {
                // end without output
              }
              run.end();
            });
    tracked.whenComplete(
        (c, e) -> {
          if (e instanceof CancellationException) future.cancel(true);
        });
    return tracked;
  }

  /** The asynchronous client's streaming: chunks are observed as they reach the subscriber. */
  static AsyncStreamResponse<ChatCompletionChunk> createStreamingAsync(
      Selene selene,
      ChatCompletionCreateParams params,
      Supplier<AsyncStreamResponse<ChatCompletionChunk>> call) {
    Run run = start(selene, params, false);
    AsyncStreamResponse<ChatCompletionChunk> response;
    try {
      response = call.get();
    } catch (RuntimeException | Error e) {
      run.fail(e);
      throw e;
    }
    return new TrackedAsyncStream(response, new StreamRecorder(run));
  }

  private static Run start(Selene selene, ChatCompletionCreateParams params, boolean makeCurrent) {
    ObjectNode body;
    try {
      body = JSON.valueToTree(params._body());
    } catch (RuntimeException e) {
      body = JSON.createObjectNode();
    }
    RunBuilder b = selene.llm(params.model().asString()).input(toJava(body.get("messages")));
    Map<String, Object> p = new LinkedHashMap<>();
    for (String key : PARAMS) {
      JsonNode v = body.get(key);
      if (v != null && !v.isNull()) p.put(key, toJava(v));
    }
    if (!makeCurrent) {
      p.put("stream", true); // the client adds it to the request itself, not to the params
    }
    b.params(p);
    JsonNode metadata = body.get("metadata");
    if (metadata != null && metadata.isObject()) {
      @SuppressWarnings("unchecked")
      Map<String, ?> m = (Map<String, ?>) toJava(metadata);
      b.metadata(m);
    }
    JsonNode user = body.get("user");
    if (user != null
        && user.isTextual()
        && !user.asText().equals(SeleneContext.current().userId())) {
      b.user(user.asText());
    }
    // A streamed run ends when the application finishes reading, maybe elsewhere: keep it detached.
    return makeCurrent ? b.start() : b.startDetached();
  }

  static Object firstMessage(JsonNode completion) {
    JsonNode message = completion.path("choices").path(0).path("message");
    if (!message.isObject()) {
      return null;
    }
    ObjectNode m = ((ObjectNode) message).deepCopy();
    m.remove(List.of("annotations")); // empty search annotations add nothing
    return toJava(m);
  }

  static void usage(Run run, JsonNode usage) {
    if (usage == null || !usage.isObject() || !usage.has("prompt_tokens")) {
      return;
    }
    int prompt = usage.path("prompt_tokens").asInt();
    int completion = usage.path("completion_tokens").asInt();
    JsonNode cached = usage.path("prompt_tokens_details").path("cached_tokens");
    if (cached.isNumber()) {
      run.tokensUsage(prompt, completion, cached.asInt());
    } else {
      run.tokensUsage(prompt, completion);
    }
  }

  /** Plain Java values (maps, lists, strings, numbers) for the SDK's own serialiser. */
  private static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return JSON.convertValue(node, Object.class);
  }
}
