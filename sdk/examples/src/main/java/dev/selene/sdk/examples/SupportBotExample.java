package dev.selene.sdk.examples;

import dev.selene.sdk.ChatThread;
import dev.selene.sdk.Feedback;
import dev.selene.sdk.Message;
import dev.selene.sdk.Scope;
import dev.selene.sdk.Selene;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tour of the SDK in one program: a support bot answering a user in a chat thread. The user's
 * message starts an agent that calls a weather tool, a forecast tool that fails, and a (simulated)
 * LLM; the reply goes back to the thread and gets a thumbs-up.
 *
 * <p>Run it against the server named by {@code LUNARY_API_URL} with the key in {@code
 * LUNARY_PUBLIC_KEY} (or {@code LUNARY_PRIVATE_KEY}); it prints the ids it created.
 */
public final class SupportBotExample {
  private SupportBotExample() {}

  public static void main(String[] args) {
    Selene selene = Selene.fromEnvironment();
    if (!selene.isEnabled()) {
      System.err.println("Set LUNARY_API_URL and LUNARY_PUBLIC_KEY (or LUNARY_PRIVATE_KEY) first.");
      System.exit(2);
    }
    run(selene, System.out);
    boolean sent = selene.flush(Duration.ofSeconds(15));
    System.out.println(
        sent && selene.stats().failed() == 0
            ? "All events sent to " + selene.config().apiUrl()
            : "Some events were not sent: " + selene.stats());
    selene.close();
    System.exit(sent && selene.stats().failed() == 0 ? 0 : 1);
  }

  /** Runs the conversation, prints the ids it tracked and returns them by name. */
  public static Map<String, String> run(Selene selene, PrintStream out) {
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, Object> jane = Map.of("name", "Jane Doe", "email", "jane@example.org");

    // A conversation with a user; the thread id would be kept to resume it later.
    ChatThread thread = selene.thread().tags("support").user("user-123", jane).open();
    ids.put("thread", thread.id());
    String question = "What's the weather in Paris?";
    String questionId = thread.trackMessage(Message.user(question));
    ids.put("user message", questionId);

    String answer;
    // Everything tracked inside belongs to user-123, is tagged "example", and answers the message.
    try (Scope user = selene.identify("user-123", jane);
        Scope tags = selene.tags("example");
        Scope parent = selene.parent(questionId)) {
      answer =
          selene
              .agent("support-bot")
              .input(question)
              .metadata(Map.of("channel", "web"))
              .call(
                  agent -> {
                    ids.put("agent run", agent.id());
                    Map<String, Object> weather =
                        selene.tool(
                            "get-weather",
                            "Paris",
                            tool -> {
                              ids.put("tool run", tool.id());
                              return Map.of("city", "Paris", "temperature", 21, "sky", "sunny");
                            });
                    String forecast;
                    try {
                      forecast =
                          selene.tool(
                              "get-forecast",
                              "Paris",
                              tool -> {
                                ids.put("failed tool run", tool.id());
                                throw new IllegalStateException("forecast service unavailable");
                              });
                    } catch (IllegalStateException e) {
                      forecast = "unknown"; // the agent copes; the run is recorded as an error
                    }
                    String context = "weather=" + weather + ", forecast=" + forecast;
                    return selene
                        .llm("gpt-4o-mini")
                        .input(
                            List.of(
                                Map.of("role", "system", "content", "You are a support bot."),
                                Map.of("role", "user", "content", question + " (" + context + ")")))
                        .params(Map.of("temperature", 0.2, "max_tokens", 100))
                        .call(
                            llm -> {
                              ids.put("llm run", llm.id());
                              llm.tokensUsage(42, 11); // what the provider reported
                              return "It is sunny in Paris, 21°C.";
                            });
                  });
    }

    String replyId = thread.trackMessage(Message.assistant(answer));
    ids.put("assistant reply", replyId);
    selene.trackFeedback(replyId, Feedback.thumbUp().comment("Exactly what I needed"));
    ids.put("custom event", thread.trackEvent("opened-weather-page", Map.of("city", "Paris")));

    out.println("Tracked into " + selene.config().apiUrl() + ":");
    ids.forEach((name, id) -> out.printf("  %-16s %s%n", name, id));
    return ids;
  }
}
