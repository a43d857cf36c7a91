package dev.selene.sdk.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import dev.selene.sdk.Event;
import dev.selene.sdk.Run;
import dev.selene.sdk.RunType;
import dev.selene.sdk.Selene;
import dev.selene.sdk.SeleneContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records LangChain4j AI service invocations as agent runs, and the tools they execute as tool
 * runs, children of the invocation. Together with {@link SeleneChatModelListener} on the model, an
 * AI service call becomes a whole trace: agent → LLM call → tool → LLM call.
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model) // built with .listeners(List.of(new SeleneChatModelListener(selene)))
 *     .tools(new WeatherTools())
 *     .registerListeners(SeleneAiServiceListeners.all(selene))
 *     .build();
 * }</pre>
 *
 * The invocation's run is the current parent on the invoking thread while it runs, so model calls
 * and runs tracked by the tools themselves nest under it. LangChain4j reports a tool once it has
 * run, so tool runs carry their input, output and end time, with no duration.
 */
public final class SeleneAiServiceListeners {
  private final Selene selene;
  private final Map<UUID, Run> invocations = new ConcurrentHashMap<>();

  private SeleneAiServiceListeners(Selene selene) {
    this.selene = selene;
  }

  /** The listeners to register on an AI service builder ({@code registerListeners(...)}). */
  public static List<AiServiceListener<?>> all(Selene selene) {
    SeleneAiServiceListeners l = new SeleneAiServiceListeners(selene);
    return List.of(
        (AiServiceStartedListener) l::started,
        (AiServiceCompletedListener) l::completed,
        (AiServiceErrorListener) l::failed,
        (ToolExecutedEventListener) l::toolExecuted);
  }

  /** The listeners, tracking into the {@link Selene#global() global} client. */
  public static List<AiServiceListener<?>> all() {
    return all(Selene.global());
  }

  private void started(AiServiceStartedEvent event) {
    try {
      InvocationContext ic = event.invocationContext();
      Object input =
          event.userMessage() != null && event.userMessage().hasSingleText()
              ? event.userMessage().singleText()
              : event.userMessage() != null
                  ? Messages.of(event.userMessage())
                  : ic.methodArguments();
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("aiService", ic.interfaceName());
      metadata.put("method", ic.methodName());
      if (ic.chatMemoryId() != null && !"default".equals(String.valueOf(ic.chatMemoryId()))) {
        metadata.put("memoryId", String.valueOf(ic.chatMemoryId()));
      }
      Run run =
          selene
              .agent(simpleName(ic.interfaceName()) + "." + ic.methodName())
              .input(input)
              .metadata(metadata)
              .start(); // current on the invoking thread: model calls and tools nest under it
      invocations.put(ic.invocationId(), run);
    } catch (RuntimeException e) {
      // tracking never breaks the invocation
    }
  }

  private void completed(AiServiceCompletedEvent event) {
    Run run = invocations.remove(event.invocationContext().invocationId());
    if (run != null) {
      run.end(event.result().orElse(null));
    }
  }

  private void failed(AiServiceErrorEvent event) {
    Run run = invocations.remove(event.invocationContext().invocationId());
    if (run != null) {
      run.fail(event.error());
    }
  }

  private void toolExecuted(ToolExecutedEvent event) {
    try {
      Run invocation = invocations.get(event.invocationContext().invocationId());
      String parent = invocation != null ? invocation.id() : SeleneContext.current().parentRunId();
      String id = Selene.newRunId();
      selene.track(
          Event.start(RunType.TOOL, id)
              .parentRunId(parent)
              .name(event.request().name())
              .input(event.request().arguments())
              .metadata(Map.of("toolCallId", String.valueOf(event.request().id()))));
      selene.track(Event.end(RunType.TOOL, id).parentRunId(parent).output(event.resultText()));
    } catch (RuntimeException e) {
      // never break the tool loop
    }
  }

  private static String simpleName(String interfaceName) {
    if (interfaceName == null) return "AiService";
    int dot = Math.max(interfaceName.lastIndexOf('.'), interfaceName.lastIndexOf('$'));
    return dot < 0 ? interfaceName : interfaceName.substring(dot + 1);
  }
}
