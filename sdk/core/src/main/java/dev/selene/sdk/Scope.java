package dev.selene.sdk;

/**
 * A context made current for a block of code; closing it restores the previous context. Use with
 * try-with-resources on the thread that opened it:
 *
 * <pre>{@code
 * try (Scope s = selene.identify("user-123", Map.of("email", "jane@example.org"))) {
 *   agent.apply(question); // every run inside belongs to user-123
 * }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
  static final Scope NOOP = new Scope(null, null);

  private final SeleneContext context;
  private final SeleneContext previous;

  Scope(SeleneContext context, SeleneContext previous) {
    this.context = context;
    this.previous = previous;
  }

  @Override
  public void close() {
    if (context != null) {
      SeleneContext.restore(context, previous);
    }
  }
}
