package dev.selene.sdk;

/** The kinds of runs a trace is made of, with their wire names. */
public enum RunType {
  LLM("llm"),
  AGENT("agent"),
  CHAIN("chain"),
  TOOL("tool"),
  EMBED("embed"),
  RETRIEVER("retriever"),
  THREAD("thread");

  private final String wireName;

  RunType(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the event's {@code type} field. */
  public String wireName() {
    return wireName;
  }
}
