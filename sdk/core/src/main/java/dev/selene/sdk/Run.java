package dev.selene.sdk;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started run (agent, chain, tool, LLM call…). While it is open it is the parent of the runs
 * started on the same thread. Use it with try-with-resources: closing it ends the run with the
 * output set by {@link #output(Object)}, or as failed if {@link #error(Throwable)} was called.
 *
 * <pre>{@code
 * try (Run run = selene.agent("support-agent").input(question).start()) {
 *   try {
 *     run.output(answer(question));
 *   } catch (RuntimeException e) {
 *     run.error(e);
 *     throw e;
 *   }
 * }
 * }</pre>
 *
 * A run can also be ended from another thread with {@link #end(Object)} or {@link
 * #fail(Throwable)}; only the first ending counts. Its methods never throw.
 */
public final class Run implements AutoCloseable {
  private final Selene selene;
  private final String id;
  private final String type;
  private final String name;
  private final String parentRunId;
  private final String userId;
  private final Map<String, ?> userProps;
  private final SeleneContext childContext;
  private final Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  private volatile Object output;
  private volatile Throwable error;
  private volatile Integer promptTokens;
  private volatile Integer completionTokens;
  private volatile Integer promptCachedTokens;
  private volatile Map<String, ?> endMetadata;

  Run(
      Selene selene,
      String id,
      String type,
      String name,
      String parentRunId,
      String userId,
      Map<String, ?> userProps,
      SeleneContext childContext,
      boolean makeCurrent) {
    this.selene = selene;
    this.id = id;
    this.type = type;
    this.name = name;
    this.parentRunId = parentRunId;
    this.userId = userId;
    this.userProps = userProps;
    this.childContext = childContext;
    this.scope = makeCurrent ? childContext.makeCurrent() : Scope.NOOP;
  }

  /** The run's id (a UUID string unless one was given): use it for feedback or as a parent. */
  public String id() {
    return id;
  }

  /**
   * The context of this run's children: carry it to other threads with its {@code wrap} methods.
   */
  public SeleneContext context() {
    return childContext;
  }

  /** Sets the output sent when the run is closed. */
  public Run output(Object output) {
    this.output = output;
    return this;
  }

  /** Marks the run as failed: closing it sends an error event instead of an end event. */
  public Run error(Throwable error) {
    this.error = error;
    return this;
  }

  /** Token usage, sent with the end event. */
  public Run tokensUsage(int prompt, int completion) {
    this.promptTokens = prompt;
    this.completionTokens = completion;
    return this;
  }

  /** Token usage with the prompt tokens served from the provider's cache. */
  public Run tokensUsage(int prompt, int completion, int promptCached) {
    this.promptCachedTokens = promptCached;
    return tokensUsage(prompt, completion);
  }

  /** Metadata sent with the end event (merged into the run's metadata by the server). */
  public Run metadata(Map<String, ?> metadata) {
    this.endMetadata = metadata;
    return this;
  }

  /** Ends the run successfully with {@code output}. */
  public void end(Object output) {
    this.output = output;
    end();
  }

  /** Ends the run: with an error if {@link #error(Throwable)} was set, else successfully. */
  public void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    scope.close();
    if (!selene.isEnabled()) {
      return;
    }
    Throwable failure = error;
    Event e = new Event(type, failure != null ? "error" : "end").runId(id);
    e.parentRunId = parentRunId;
    e.name = name;
    e.userId = userId;
    e.userProps = userProps;
    if (failure != null) {
      e.error = failure;
    } else {
      e.output = output;
      e.promptTokens = promptTokens;
      e.completionTokens = completionTokens;
      e.promptCachedTokens = promptCachedTokens;
      e.metadata = endMetadata;
    }
    selene.enqueueResolved(e);
  }

  /** Ends the run as failed with {@code error}. */
  public void fail(Throwable error) {
    this.error = error;
    end();
  }

  /** Ends the run if it was not ended yet (see the class comment). */
  @Override
  public void close() {
    end();
  }
}
