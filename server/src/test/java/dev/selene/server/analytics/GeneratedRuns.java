package dev.selene.server.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A reproducible, varied set of Lunary events: traces (agent/chain roots with LLM and tool
 * children), standalone LLM calls, errors, unfinished runs, users, tags, thumbs, threads with chat
 * messages and custom events with a metric; sent shuffled, so ends often arrive before starts.
 */
final class GeneratedRuns {
  static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"};
  static final String[] USERS = {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"};
  static final String[] TAGS = {"a", "b", "c"};

  final Random random;
  final List<String> events = new ArrayList<>();

  /** Runs started but never ended, to end late. */
  final List<String> unfinished = new ArrayList<>();

  /** Every run id, in creation order. */
  final List<String> runIds = new ArrayList<>();

  private int next;

  GeneratedRuns(long seed) {
    this.random = new Random(seed);
  }

  /** Adds {@code traces} traces and {@code calls} standalone LLM calls in [from, to). */
  GeneratedRuns window(Instant from, Instant to, int traces, int calls, int threads) {
    long span = Duration.between(from, to).toSeconds();
    for (int i = 0; i < traces; i++) {
      Instant at = from.plusSeconds(random.nextLong(span)).plusMillis(random.nextInt(1000));
      trace(at);
    }
    for (int i = 0; i < calls; i++) {
      Instant at = from.plusSeconds(random.nextLong(span)).plusMillis(random.nextInt(1000));
      run("llm", MODELS[random.nextInt(MODELS.length)], null, at, user(), tags());
    }
    for (int i = 0; i < threads; i++) {
      Instant at = from.plusSeconds(random.nextLong(span));
      thread(at);
    }
    return this;
  }

  /**
   * Adds runs starting exactly at each instant (bucket and hour boundaries): a standalone LLM call,
   * and now and then a trace or a thread with chat messages and custom events.
   */
  GeneratedRuns at(List<Instant> instants) {
    for (Instant at : instants) {
      run("llm", MODELS[random.nextInt(MODELS.length)], null, at, user(), tags());
      if (random.nextInt(3) == 0) {
        trace(at);
      }
      if (random.nextInt(4) == 0) {
        thread(at);
      }
    }
    return this;
  }

  private void trace(Instant at) {
    String type = random.nextBoolean() ? "agent" : "chain";
    String user = user();
    String root = run(type, random.nextBoolean() ? "planner" : "writer", null, at, user, tags());
    int children = 1 + random.nextInt(4);
    for (int c = 0; c < children; c++) {
      Instant childAt = at.plusMillis(50 + random.nextInt(20_000));
      if (random.nextInt(3) == 0) {
        run("tool", random.nextBoolean() ? "search" : "calculator", root, childAt, user, null);
      } else {
        run("llm", MODELS[random.nextInt(MODELS.length)], root, childAt, user, null);
      }
    }
  }

  private String run(
      String type, String name, String parent, Instant at, String user, String tags) {
    String id = "gen-" + (next++);
    runIds.add(id);
    StringBuilder extra = new StringBuilder();
    if (parent != null) {
      extra.append("\"parentRunId\":\"").append(parent).append('"');
    }
    if (user != null) {
      extra
          .append(extra.length() > 0 ? "," : "")
          .append("\"userId\":\"")
          .append(user)
          .append("\",\"userProps\":{\"plan\":\"")
          .append(random.nextBoolean() ? "pro" : "free")
          .append("\"}");
    }
    if (tags != null) {
      extra.append(extra.length() > 0 ? "," : "").append("\"tags\":").append(tags);
    }
    events.add(Events.start(type, id, name, at, extra.toString()));
    int outcome = random.nextInt(10);
    Instant end = at.plusMillis(random.nextInt(40) == 0 ? 3_600_000 : 20 + random.nextInt(30_000));
    if (outcome == 0) {
      unfinished.add(type + " " + id);
    } else if (outcome == 1) {
      events.add(Events.error(type, id, end));
    } else {
      boolean llm = "llm".equals(type);
      events.add(
          Events.end(
              type, id, end, llm ? random.nextInt(2000) : null, llm ? random.nextInt(800) : null));
    }
    if (random.nextInt(6) == 0) {
      events.add(Events.feedback(id, random.nextBoolean() ? "up" : "down", end.plusSeconds(30)));
    }
    return id;
  }

  private void thread(Instant at) {
    String thread = "thread-" + (next++);
    String user = USERS[random.nextInt(USERS.length)];
    int messages = 1 + random.nextInt(3);
    for (int m = 0; m < messages; m++) {
      events.add(Events.chat(thread, thread + "-m" + m, "user", at.plusSeconds(60L * m), user));
    }
    int custom = random.nextInt(3);
    for (int c = 0; c < custom; c++) {
      events.add(
          Events.customEvent(
              thread,
              thread + "-ce" + c,
              random.nextBoolean() ? "rated" : "opened",
              at.plusSeconds(10L + c),
              customEventMetadata(random.nextInt(8))));
    }
  }

  /**
   * Custom-event metadata with a {@code score} metric in both spellings ({@code metadata.score} and
   * LangWatch's {@code metadata.metrics.score}) as an integer, a float, an exponent and a long
   * decimal, or not a number (a string, a JSON null, a non-number in {@code metrics} hiding a
   * number beside it), or missing; and other metrics: {@code latency}, and {@code metrics} itself
   * when it is a number.
   */
  private static String customEventMetadata(int variant) {
    return switch (variant) {
      case 0 -> "{\"score\":0}";
      case 1 -> "{\"metrics\":{\"score\":1.5,\"latency\":0.25},\"env\":\"prod\"}";
      case 2 -> "{\"metrics\":{\"score\":\"2\"},\"score\":2}";
      case 3 -> "{\"score\":\"3\",\"latency\":12}";
      case 4 -> "{\"metrics\":{\"score\":4e0,\"latency\":null},\"latency\":1}";
      case 5 -> "{\"metrics\":7,\"score\":5.000000000000000000001}";
      case 6 -> "{\"score\":null,\"note\":\"none\"}";
      default -> "null";
    };
  }

  private String user() {
    return random.nextInt(4) == 0 ? null : USERS[random.nextInt(USERS.length)];
  }

  private String tags() {
    if (random.nextInt(3) == 0) {
      return null;
    }
    List<String> t = new ArrayList<>(List.of(TAGS));
    Collections.shuffle(t, random);
    return "[\"" + String.join("\",\"", t.subList(0, 1 + random.nextInt(2))) + "\"]";
  }

  /** The events, shuffled, in requests of {@code size}. */
  List<String> batches(int size) {
    List<String> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, random);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < shuffled.size(); i += size) {
      out.add(
          "[" + String.join(",", shuffled.subList(i, Math.min(shuffled.size(), i + size))) + "]");
    }
    events.clear();
    return out;
  }
}
