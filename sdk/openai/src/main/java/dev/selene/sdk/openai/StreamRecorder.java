package dev.selene.sdk.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.selene.sdk.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Accumulates a streamed reply and ends its run once. */
final class StreamRecorder {
  private final Run run;
  private final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
  private final StringBuilder content = new StringBuilder();
  private final AtomicBoolean finished = new AtomicBoolean();
  private int chunks;

  StreamRecorder(Run run) {
    this.run = run;
  }

  synchronized void observe(ChatCompletionChunk chunk) {
    chunks++;
    try {
      accumulator.accumulate(chunk);
    } catch (RuntimeException ignored) {
      // keep the text we have: the accumulator refuses unusual chunks
    }
    chunk.choices().stream()
        .filter(c -> c.index() == 0)
        .forEach(c -> c.delta().content().ifPresent(content::append));
  }

  synchronized void finish() {
    if (!finished.compareAndSet(false, true)) return;
    try {
      ChatCompletion completion = accumulator.chatCompletion();
      JsonNode json = ChatCompletionTracker.JSON.valueToTree(completion);
      ChatCompletionTracker.usage(run, json.get("usage"));
      run.output(ChatCompletionTracker.firstMessage(json));
    } catch (RuntimeException incomplete) {
      // closed before the end: record what was received
      Map<String, Object> partial = new LinkedHashMap<>();
      partial.put("role", "assistant");
      partial.put("content", content.toString());
      run.output(partial);
    }
    run.metadata(Map.of("streamedChunks", chunks));
    run.end();
  }

  void fail(Throwable e) {
    if (finished.compareAndSet(false, true)) {
      run.fail(e);
    }
  }
}
