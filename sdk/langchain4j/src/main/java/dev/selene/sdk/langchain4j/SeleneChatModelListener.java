package dev.selene.sdk.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.selene.sdk.Run;
import dev.selene.sdk.RunBuilder;
import dev.selene.sdk.Selene;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records every call of a LangChain4j chat model (blocking or streaming) as an LLM run, child of
 * the run current on the calling thread (an agent, an AI service invocation, a thread message).
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     .modelName("gpt-4o-mini")
 *     .listeners(List.of(new SeleneChatModelListener(selene)))
 *     .build();
 * }</pre>
 *
 * Recorded: the model name, the messages, the generation parameters and tools, the reply (tool
 * calls included), the token usage, or the error. Listener methods never throw.
 */
public final class SeleneChatModelListener implements ChatModelListener {
  private static final Object RUN =
      new Object() {
        @Override
        public String toString() {
          return "selene-run";
        }
      };

  private final Selene selene;

  public SeleneChatModelListener(Selene selene) {
    this.selene = selene;
  }

  /** A listener tracking into the {@link Selene#global() global} client. */
  public SeleneChatModelListener() {
    this(Selene.global());
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    try {
      ChatRequest request = context.chatRequest();
      RunBuilder b =
          selene
              .llm(modelName(request, context.modelProvider()))
              .input(Messages.of(request.messages()))
              .params(params(request.parameters()));
      if (context.modelProvider() != null) {
        b.metadata(Map.of("provider", context.modelProvider().name()));
      }
      // started and ended by callbacks, possibly on different threads: never made current
      context.attributes().put(RUN, b.startDetached());
    } catch (RuntimeException e) {
      // tracking never breaks the model call
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    Object run = context.attributes().remove(RUN);
    if (!(run instanceof Run)) return;
    Run r = (Run) run;
    try {
      ChatResponse response = context.chatResponse();
      TokenUsage usage = response.tokenUsage();
      if (usage != null && usage.inputTokenCount() != null && usage.outputTokenCount() != null) {
        r.tokensUsage(usage.inputTokenCount(), usage.outputTokenCount());
      }
      r.output(Messages.of(response.aiMessage()));
    } catch (RuntimeException e) {
      // end without output
    }
    r.end();
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    Object run = context.attributes().remove(RUN);
    if (run instanceof Run) {
      ((Run) run).fail(context.error());
    }
  }

  private static String modelName(ChatRequest request, dev.langchain4j.model.ModelProvider p) {
    String name = request.modelName();
    if (name == null && request.parameters() != null) name = request.parameters().modelName();
    if (name == null) name = p != null ? p.name().toLowerCase(java.util.Locale.ROOT) : "unknown";
    return name;
  }

  private static Map<String, Object> params(ChatRequestParameters p) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (p == null) return out;
    put(out, "temperature", p.temperature());
    put(out, "top_p", p.topP());
    put(out, "top_k", p.topK());
    put(out, "frequency_penalty", p.frequencyPenalty());
    put(out, "presence_penalty", p.presencePenalty());
    put(out, "max_tokens", p.maxOutputTokens());
    if (p.stopSequences() != null && !p.stopSequences().isEmpty())
      out.put("stop", p.stopSequences());
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      out.put("tools", Messages.tools(p.toolSpecifications()));
    }
    if (p.toolChoice() != null)
      out.put("tool_choice", p.toolChoice().name().toLowerCase(java.util.Locale.ROOT));
    return out;
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) out.put(key, value);
  }
}
