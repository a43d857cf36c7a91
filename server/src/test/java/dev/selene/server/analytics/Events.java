package dev.selene.server.analytics;

import java.time.Instant;

/** Lunary events as the SDKs send them, for building test data through the ingest route. */
final class Events {
  private Events() {}

  static String start(String type, String id, String name, Instant at, String extra) {
    return """
        {"type":"%s","event":"start","runId":"%s","name":"%s","timestamp":"%s","input":"in"%s}"""
        .formatted(type, id, name, at, extra.isEmpty() ? "" : "," + extra);
  }

  static String end(String type, String id, Instant at, Integer prompt, Integer completion) {
    String usage =
        prompt == null
            ? ""
            : ",\"tokensUsage\":{\"prompt\":%d,\"completion\":%d}".formatted(prompt, completion);
    return """
        {"type":"%s","event":"end","runId":"%s","timestamp":"%s","output":"out"%s}"""
        .formatted(type, id, at, usage);
  }

  static String error(String type, String id, Instant at) {
    return """
        {"type":"%s","event":"error","runId":"%s","timestamp":"%s","error":{"message":"boom"}}"""
        .formatted(type, id, at);
  }

  static String feedback(String id, String thumb, Instant at) {
    return """
        {"type":null,"event":"feedback","runId":"%s","timestamp":"%s","feedback":{"thumb":"%s"}}"""
        .formatted(id, at, thumb);
  }

  static String customEvent(String thread, String id, String name, Instant at, String metadata) {
    return """
        {"type":"thread","event":"custom-event","runId":"%s","parentRunId":"%s","name":"%s",
         "timestamp":"%s","metadata":%s}"""
        .formatted(id, thread, name, at, metadata);
  }

  static String chat(String thread, String id, String role, Instant at, String user) {
    return """
        {"type":"thread","event":"chat","runId":"%s","parentRunId":"%s","timestamp":"%s",
         "userId":"%s","message":{"role":"%s","content":"hello"}}"""
        .formatted(id, thread, at, user, role);
  }

  /** A finished LLM call. */
  static String llm(
      String id,
      String model,
      Instant start,
      long millis,
      int prompt,
      int completion,
      String user) {
    String extra = user == null ? "" : "\"userId\":\"" + user + "\"";
    return "["
        + start("llm", id, model, start, extra)
        + ","
        + end("llm", id, start.plusMillis(millis), prompt, completion)
        + "]";
  }
}
