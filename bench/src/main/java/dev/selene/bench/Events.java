package dev.selene.bench;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic Lunary SDK traffic: agent traces with a tool and an LLM call, the shape the JS SDK
 * sends (see reference/sdk-wire.md §6.1), about 650 bytes per event.
 */
final class Events {
  private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022"};

  private Events() {}

  /** A JSON {@code {"events":[...]}} body with {@code count} events (start/end pairs). */
  static String batch(int count) {
    StringBuilder b = new StringBuilder(count * 700).append("{\"events\":[");
    long ts = System.currentTimeMillis();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        b.append(',');
      }
      String id = UUID.randomUUID().toString();
      boolean start = (i % 2 == 0) || count == 1;
      String model = MODELS[random.nextInt(MODELS.length)];
      String user = "user-" + random.nextInt(1000);
      if (start) {
        b.append("{\"event\":\"start\",\"type\":\"llm\",\"runId\":\"")
            .append(id)
            .append("\",\"timestamp\":")
            .append(ts + i)
            .append(",\"runtime\":\"lunary-js\",\"name\":\"")
            .append(model)
            .append("\",\"userId\":\"")
            .append(user)
            .append("\",\"userProps\":{\"name\":\"Jane\",\"plan\":\"pro\"},")
            .append(
                "\"input\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},")
            .append(
                "{\"role\":\"user\",\"content\":\"What's the weather in Paris today? Answer briefly.\"}],")
            .append("\"params\":{\"temperature\":0.2,\"max_tokens\":200},")
            .append(
                "\"metadata\":{\"env\":\"prod\",\"feature\":\"weather\"},\"tags\":[\"bench\",\"weather\"]}");
      } else {
        // The end of the previous start in this batch.
        String previous =
            b.substring(b.lastIndexOf("\"runId\":\"") + 9, b.lastIndexOf("\"runId\":\"") + 45);
        b.append("{\"event\":\"end\",\"type\":\"llm\",\"runId\":\"")
            .append(previous)
            .append("\",\"timestamp\":")
            .append(ts + i)
            .append(",\"runtime\":\"lunary-js\",")
            .append(
                "\"output\":{\"role\":\"assistant\",\"content\":\"It is sunny and 21 degrees in Paris.\"},")
            .append("\"tokensUsage\":{\"prompt\":31,\"completion\":12}}");
      }
    }
    return b.append("]}").toString();
  }
}
