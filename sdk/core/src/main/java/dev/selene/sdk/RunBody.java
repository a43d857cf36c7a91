package dev.selene.sdk;

/**
 * The code of a tracked run. It receives the {@link Run} (to add token usage or metadata, or to
 * read its id) and returns the run's output; what it throws is recorded as the run's error and
 * rethrown unchanged.
 *
 * @param <T> the output
 * @param <E> what the body may throw (inferred: {@code RuntimeException} when it throws nothing
 *     checked)
 */
@FunctionalInterface
public interface RunBody<T, E extends Throwable> {
  T call(Run run) throws E;
}
