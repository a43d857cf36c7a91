package dev.selene.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What runs started now inherit: the parent run, the identified user, tags and the template in use.
 * Immutable; the current one follows the current thread.
 *
 * <p>It does not follow work handed to another thread by itself. Carry it explicitly:
 *
 * <pre>{@code
 * SeleneContext ctx = SeleneContext.current();
 * executor.submit(ctx.wrap(() -> tool.apply(input)));
 * CompletableFuture.supplyAsync(ctx.wrap(() -> callModel()), pool);
 * Executor traced = SeleneContext.propagating(pool); // captures the context at each execute()
 * }</pre>
 */
public final class SeleneContext {
  private static final SeleneContext ROOT = new SeleneContext(null, null, null, List.of(), null);
  private static final ThreadLocal<SeleneContext> CURRENT = new ThreadLocal<>();

  private final String parentRunId;
  private final String userId;
  private final Map<String, ?> userProps;
  private final List<String> tags;
  private final String templateId;

  private SeleneContext(
      String parentRunId,
      String userId,
      Map<String, ?> userProps,
      List<String> tags,
      String templateId) {
    this.parentRunId = parentRunId;
    this.userId = userId;
    this.userProps = userProps;
    this.tags = tags;
    this.templateId = templateId;
  }

  /** The context of the current thread (an empty one outside any scope). */
  public static SeleneContext current() {
    SeleneContext c = CURRENT.get();
    return c == null ? ROOT : c;
  }

  /** An empty context: no parent, no user, no tags. */
  public static SeleneContext root() {
    return ROOT;
  }

  /** The run that runs started now are children of, or null. */
  public String parentRunId() {
    return parentRunId;
  }

  public String userId() {
    return userId;
  }

  public Map<String, ?> userProps() {
    return userProps;
  }

  /** Tags added to every run started in this context (never null). */
  public List<String> tags() {
    return tags;
  }

  /** The template version LLM runs started in this context were rendered from, or null. */
  public String templateId() {
    return templateId;
  }

  /** This context with another parent run. */
  public SeleneContext withParent(String runId) {
    return new SeleneContext(runId, userId, userProps, tags, templateId);
  }

  /** This context with an identified user. */
  public SeleneContext withUser(String userId, Map<String, ?> userProps) {
    return new SeleneContext(parentRunId, userId, userProps, tags, templateId);
  }

  /** This context with more tags (duplicates are dropped, order is kept). */
  public SeleneContext withTags(List<String> more) {
    if (more == null || more.isEmpty()) {
      return this;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(tags);
    all.addAll(more);
    return new SeleneContext(
        parentRunId,
        userId,
        userProps,
        Collections.unmodifiableList(new ArrayList<>(all)),
        templateId);
  }

  /** This context with the template version that LLM runs started in it were rendered from. */
  public SeleneContext withTemplateId(String templateId) {
    return new SeleneContext(parentRunId, userId, userProps, tags, templateId);
  }

  /**
   * Makes this the current context of this thread until the returned scope is closed, which
   * restores the previous one. Use with try-with-resources, and close on the same thread.
   */
  public Scope makeCurrent() {
    SeleneContext previous = CURRENT.get();
    CURRENT.set(this);
    return new Scope(this, previous);
  }

  /**
   * Restores {@code previous} if {@code expected} is still current (scopes closed out of order).
   */
  static void restore(SeleneContext expected, SeleneContext previous) {
    if (CURRENT.get() == expected) {
      CURRENT.set(previous); // not remove(): re-adding the entry on the next run costs more
    }
  }

  /** {@code task}, running in this context whichever thread runs it. */
  public Runnable wrap(Runnable task) {
    return () -> {
      try (Scope ignored = makeCurrent()) {
        task.run();
      }
    };
  }

  /** {@code task}, running in this context whichever thread runs it. */
  public <T> Callable<T> wrap(Callable<T> task) {
    return () -> {
      try (Scope ignored = makeCurrent()) {
        return task.call();
      }
    };
  }

  /** {@code supplier}, running in this context whichever thread runs it. */
  public <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    return () -> {
      try (Scope ignored = makeCurrent()) {
        return supplier.get();
      }
    };
  }

  /** {@code fn}, running in this context whichever thread runs it. */
  public <T, R> Function<T, R> wrapFunction(Function<T, R> fn) {
    return t -> {
      try (Scope ignored = makeCurrent()) {
        return fn.apply(t);
      }
    };
  }

  /**
   * An executor that runs each task in the context that was current when the task was handed to it
   * ({@code execute} was called).
   */
  public static Executor propagating(Executor delegate) {
    return task -> delegate.execute(current().wrap(task));
  }
}
