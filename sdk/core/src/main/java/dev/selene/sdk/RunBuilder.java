package dev.selene.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Describes a run before it starts: {@code selene.agent("name").input(x).tags("a").call(run -> …)}.
 * Whatever is not given comes from the current {@link SeleneContext}: the parent run, the
 * identified user and the context's tags.
 */
public final class RunBuilder {
  private final Selene selene;
  private final String type;
  private final String name;
  private String id;
  private Object input;
  private Map<String, ?> params;
  private Map<String, ?> metadata;
  private List<String> tags;
  private String userId;
  private Map<String, ?> userProps;
  private String parentRunId;
  private String templateId;
  private Function<Object, ?> outputParser;

  RunBuilder(Selene selene, String type, String name) {
    this.selene = selene;
    this.type = type;
    this.name = name;
  }

  /** The run's id; by default a new random UUID. */
  public RunBuilder id(String id) {
    this.id = id;
    return this;
  }

  public RunBuilder input(Object input) {
    this.input = input;
    return this;
  }

  /** Call parameters (for an LLM: temperature, max_tokens…). */
  public RunBuilder params(Map<String, ?> params) {
    this.params = params;
    return this;
  }

  /** Metadata: flat string, number or boolean values. */
  public RunBuilder metadata(Map<String, ?> metadata) {
    this.metadata = metadata;
    return this;
  }

  /** Tags of this run (added to the context's tags; they do not cascade to children). */
  public RunBuilder tags(String... tags) {
    return tags(Arrays.asList(tags));
  }

  public RunBuilder tags(List<String> tags) {
    this.tags = tags == null ? null : new ArrayList<>(tags);
    return this;
  }

  /** The end user of this run and, like {@code identify}, of every run started inside it. */
  public RunBuilder user(String userId, Map<String, ?> userProps) {
    this.userId = userId;
    this.userProps = userProps;
    return this;
  }

  public RunBuilder user(String userId) {
    return user(userId, null);
  }

  /** An explicit parent run (a thread message, a run of another service…). */
  public RunBuilder parent(String parentRunId) {
    this.parentRunId = parentRunId;
    return this;
  }

  /** The template version an LLM run was rendered from. */
  public RunBuilder templateId(String templateId) {
    this.templateId = templateId;
    return this;
  }

  /**
   * What {@link #call} records as the output: {@code parser} applied to the body's result (the
   * Python SDK's {@code output_parser}), e.g. only the text of a large response object. The caller
   * still gets the result itself. A parser that throws is reported to the error handler and the
   * result is recorded as it is.
   */
  public RunBuilder outputParser(Function<Object, ?> parser) {
    this.outputParser = parser;
    return this;
  }

  /**
   * Starts the run and makes it the current parent on this thread until it is closed. Close it on
   * the same thread (try-with-resources).
   */
  public Run start() {
    return selene.startRun(this, true);
  }

  /**
   * Starts the run without making it the current parent: for runs started and ended by callbacks
   * (listeners, reactive pipelines). Use {@link Run#context()} to parent other runs to it.
   */
  public Run startDetached() {
    return selene.startRun(this, false);
  }

  /**
   * Runs {@code body} as this run: the output it returns or the exception it throws is recorded,
   * with the timing, and runs started inside it are its children. Exceptions are rethrown as they
   * are.
   */
  public <T, E extends Throwable> T call(RunBody<T, E> body) throws E {
    Run run = start();
    T result;
    try {
      result = body.call(run);
    } catch (Throwable t) {
      run.fail(t);
      throw t;
    }
    run.end(outputParser == null ? result : selene.parsed(outputParser, result));
    return result;
  }

  String type() {
    return type;
  }

  String name() {
    return name;
  }

  String id() {
    return id;
  }

  Object input() {
    return input;
  }

  Map<String, ?> params() {
    return params;
  }

  Map<String, ?> metadata() {
    return metadata;
  }

  List<String> tags() {
    return tags;
  }

  String userId() {
    return userId;
  }

  Map<String, ?> userProps() {
    return userProps;
  }

  String parentRunId() {
    return parentRunId;
  }

  String templateId() {
    return templateId;
  }
}
