package dev.selene.sdk.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.chat.ChatCompletionService;
import dev.selene.sdk.RenderedTemplate;
import dev.selene.sdk.Selene;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tracks the chat completions of the official OpenAI Java client ({@code com.openai:openai-java}).
 *
 * <pre>{@code
 * OpenAIClient openai = SeleneOpenAI.wrap(OpenAIOkHttpClient.fromEnv(), selene);
 * ChatCompletion c = openai.chat().completions().create(params); // tracked as an LLM run
 * }</pre>
 *
 * <p>Every {@code chat().completions().create(...)} and {@code createStreaming(...)} (structured
 * outputs included) becomes an LLM run with the model, the parameters, the messages, the output
 * (tool calls included), the token usage or the error. The run's parent, user and tags come from
 * the current context ({@code selene.identify}, {@code selene.tags}, {@code selene.parent}, {@code
 * template.use()}); the request's {@code user} and {@code metadata} are recorded too. Everything
 * else the client does passes through untouched. The asynchronous client ({@code async()}, or
 * {@link #wrap(OpenAIClientAsync, Selene)}) is tracked the same way.
 */
public final class SeleneOpenAI {
  private SeleneOpenAI() {}

  /** {@code client}, tracking into the {@link Selene#global() global} Selene client. */
  public static OpenAIClient wrap(OpenAIClient client) {
    return wrap(client, Selene.global());
  }

  /** {@code client}, tracking its chat completions into {@code selene}. */
  public static OpenAIClient wrap(OpenAIClient client, Selene selene) {
    if (Proxy.isProxyClass(client.getClass())
        && Proxy.getInvocationHandler(client) instanceof Forwarder) {
      return client; // already wrapped
    }
    return proxy(
        OpenAIClient.class,
        client,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "chat":
              return wrapChat((ChatService) invoke(client, method, args), selene);
            case "withOptions":
              return wrap((OpenAIClient) invoke(client, method, args), selene);
            case "async":
              return wrap((OpenAIClientAsync) invoke(client, method, args), selene);
            default:
              return invoke(client, method, args);
          }
        });
  }

  /** The asynchronous {@code client}, tracking into the {@link Selene#global() global} client. */
  public static OpenAIClientAsync wrap(OpenAIClientAsync client) {
    return wrap(client, Selene.global());
  }

  /**
   * The asynchronous {@code client}, tracking its chat completions into {@code selene}: a run ends
   * when the returned future completes, or when the stream's subscriber is told it completed.
   */
  public static OpenAIClientAsync wrap(OpenAIClientAsync client, Selene selene) {
    if (Proxy.isProxyClass(client.getClass())
        && Proxy.getInvocationHandler(client) instanceof Forwarder) {
      return client;
    }
    return proxy(
        OpenAIClientAsync.class,
        client,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "chat":
              return wrapChatAsync((ChatServiceAsync) invoke(client, method, args), selene);
            case "withOptions":
              return wrap((OpenAIClientAsync) invoke(client, method, args), selene);
            case "sync":
              return wrap((OpenAIClient) invoke(client, method, args), selene);
            default:
              return invoke(client, method, args);
          }
        });
  }

  private static ChatServiceAsync wrapChatAsync(ChatServiceAsync chat, Selene selene) {
    return proxy(
        ChatServiceAsync.class,
        chat,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "completions":
              return wrapCompletionsAsync(
                  (ChatCompletionServiceAsync) invoke(chat, method, args), selene);
            case "withOptions":
              return wrapChatAsync((ChatServiceAsync) invoke(chat, method, args), selene);
            default:
              return invoke(chat, method, args);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static ChatCompletionServiceAsync wrapCompletionsAsync(
      ChatCompletionServiceAsync completions, Selene selene) {
    return proxy(
        ChatCompletionServiceAsync.class,
        completions,
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          boolean plainParams =
              args != null && args.length == 2 && args[0] instanceof ChatCompletionCreateParams;
          if (plainParams && method.getName().equals("create")) {
            return ChatCompletionTracker.createAsync(
                selene,
                (ChatCompletionCreateParams) args[0],
                () -> (CompletableFuture<ChatCompletion>) invoke(completions, method, args));
          }
          if (plainParams && method.getName().equals("createStreaming")) {
            return ChatCompletionTracker.createStreamingAsync(
                selene,
                (ChatCompletionCreateParams) args[0],
                () -> (AsyncStreamResponse<ChatCompletionChunk>) invoke(completions, method, args));
          }
          if (method.getName().equals("withOptions")) {
            return wrapCompletionsAsync(
                (ChatCompletionServiceAsync) invoke(completions, method, args), selene);
          }
          return invoke(completions, method, args);
        });
  }

  /**
   * Request parameters for a rendered chat template: its model, messages and the parameters stored
   * with it (temperature, max_tokens…). Make the call inside {@code template.use()} so the run
   * records the template version.
   */
  public static ChatCompletionCreateParams.Builder params(RenderedTemplate template) {
    if (!template.isChat()) {
      throw new IllegalArgumentException(
          "template '" + template.slug() + "' is a text template; chat completions need messages");
    }
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    // OpenAI's names are snake_case; a server that camelCases stored parameters (maxTokens) is
    // read back into them rather than sending unknown fields to the provider.
    template.params().forEach((k, v) -> body.put(snakeCase(k), v));
    body.put("messages", template.messages());
    ChatCompletionCreateParams.Body parsed =
        com.openai.core.ObjectMappers.jsonMapper()
            .convertValue(body, ChatCompletionCreateParams.Body.class);
    return ChatCompletionCreateParams.builder().body(parsed);
  }

  static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static ChatService wrapChat(ChatService chat, Selene selene) {
    return proxy(
        ChatService.class,
        chat,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "completions":
              return wrapCompletions((ChatCompletionService) invoke(chat, method, args), selene);
            case "withOptions":
              return wrapChat((ChatService) invoke(chat, method, args), selene);
            default:
              return invoke(chat, method, args);
          }
        });
  }

  private static ChatCompletionService wrapCompletions(
      ChatCompletionService completions, Selene selene) {
    return proxy(
        ChatCompletionService.class,
        completions,
        (proxy, method, args) -> {
          if (method.isDefault()) {
            // default methods (create(params), structured outputs…) end in the abstract ones below
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          boolean plainParams =
              args != null && args.length == 2 && args[0] instanceof ChatCompletionCreateParams;
          if (plainParams && method.getName().equals("create")) {
            return ChatCompletionTracker.create(
                selene,
                (ChatCompletionCreateParams) args[0],
                () -> (ChatCompletion) invoke(completions, method, args));
          }
          if (plainParams && method.getName().equals("createStreaming")) {
            @SuppressWarnings("unchecked")
            StreamResponse<ChatCompletionChunk> stream =
                ChatCompletionTracker.createStreaming(
                    selene,
                    (ChatCompletionCreateParams) args[0],
                    () -> (StreamResponse<ChatCompletionChunk>) invoke(completions, method, args));
            return stream;
          }
          if (method.getName().equals("withOptions")) {
            return wrapCompletions(
                (ChatCompletionService) invoke(completions, method, args), selene);
          }
          return invoke(completions, method, args);
        });
  }

  /** Calls {@code method} on the real object, rethrowing what it throws as it is. */
  static Object invoke(Object target, Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      if (cause instanceof Error) throw (Error) cause;
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T proxy(Class<T> type, Object target, Forwarder handler) {
    return type.cast(
        Proxy.newProxyInstance(
            SeleneOpenAI.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** The proxies' handler (a named type so a wrapped client is recognised). */
  @FunctionalInterface
  interface Forwarder extends InvocationHandler {}
}
