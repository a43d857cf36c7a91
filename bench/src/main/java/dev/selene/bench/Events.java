package dev.selene.bench;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic Lunary SDK traffic, the shape the JS SDK sends (see reference/sdk-wire.md §6.1): LLM
 * calls as start/end pairs, about 650 bytes per event ({@link #batch}), or agent traces with a tool
 * and an LLM call under each agent run ({@link #traces}).
 */
final class Events {
  private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet-20241022"};

  private Events() {}

  /** A JSON {@code {"events":[...]}} body with {@code count} events (start/end pairs). */
  static String batch(int count) {
    StringBuilder b = new StringBuilder(count * 700).append("{\"events\":[");
    long ts = System.currentTimeMillis();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String previous = null;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        b.append(',');
      }
      String id = uuid(random);
      boolean start = (i % 2 == 0) || count == 1;
      String model = MODELS[random.nextInt(MODELS.length)];
      String user = "user-" + random.nextInt(1000);
      if (start) {
        previous = id;
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

  /**
   * A body with {@code count} events: whole agent traces of six events (agent start, tool start and
   * end, LLM start and end, agent end; the children name the agent as parent), the remainder as LLM
   * start/end pairs.
   */
  static String traces(int count) {
    int traces = count / 6;
    StringBuilder b = new StringBuilder(count * 700).append("{\"events\":[");
    long ts = System.currentTimeMillis();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int t = 0; t < traces; t++) {
      String agent = uuid(random);
      String tool = uuid(random);
      String llm = uuid(random);
      String user = "user-" + random.nextInt(1000);
      b.append(t > 0 ? "," : "")
          .append("{\"event\":\"start\",\"type\":\"agent\",\"runId\":\"")
          .append(agent)
          .append("\",\"timestamp\":")
          .append(ts)
          .append(",\"runtime\":\"lunary-js\",\"name\":\"support-agent\",\"userId\":\"")
          .append(user)
          .append("\",\"input\":\"What's the weather in Paris today?\",\"tags\":[\"bench\"]},");
      child(b, "tool", tool, agent, ts + 1, "get_weather", "{\"city\":\"Paris\"}");
      b.append(",{\"event\":\"end\",\"type\":\"tool\",\"runId\":\"")
          .append(tool)
          .append("\",\"timestamp\":")
          .append(ts + 2)
          .append(",\"output\":{\"temperature\":21,\"sky\":\"sunny\"}},");
      child(
          b,
          "llm",
          llm,
          agent,
          ts + 3,
          MODELS[random.nextInt(MODELS.length)],
          "[{\"role\":\"user\",\"content\":\"Weather in Paris: 21, sunny. Answer briefly.\"}]");
      b.append(",{\"event\":\"end\",\"type\":\"llm\",\"runId\":\"")
          .append(llm)
          .append("\",\"timestamp\":")
          .append(ts + 4)
          .append(",\"output\":{\"role\":\"assistant\",\"content\":\"Sunny, 21 degrees.\"},")
          .append("\"tokensUsage\":{\"prompt\":18,\"completion\":6}},");
      b.append("{\"event\":\"end\",\"type\":\"agent\",\"runId\":\"")
          .append(agent)
          .append("\",\"timestamp\":")
          .append(ts + 5)
          .append(",\"output\":\"Sunny, 21 degrees.\"}");
    }
    int rest = count - traces * 6;
    if (rest > 0) {
      String pairs = batch(rest);
      b.append(traces > 0 ? "," : "").append(pairs, "{\"events\":[".length(), pairs.length() - 2);
    }
    return b.append("]}").toString();
  }

  private static void child(
      StringBuilder b, String type, String id, String parent, long ts, String name, String input) {
    b.append("{\"event\":\"start\",\"type\":\"")
        .append(type)
        .append("\",\"runId\":\"")
        .append(id)
        .append("\",\"parentRunId\":\"")
        .append(parent)
        .append("\",\"timestamp\":")
        .append(ts)
        .append(",\"runtime\":\"lunary-js\",\"name\":\"")
        .append(name)
        .append("\",\"input\":")
        .append(input)
        .append("}");
  }

  /** Not UUID.randomUUID(): its SecureRandom costs the shared cores more than the event itself. */
  private static String uuid(ThreadLocalRandom random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
