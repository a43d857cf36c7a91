package dev.selene.server.pricing;

/**
 * A string that gives up after a fixed number of character reads. Patterns come from users and are
 * evaluated on the ingest writer's thread; a catastrophically backtracking one (say {@code (a+)+$})
 * must fail fast instead of stalling ingestion.
 */
final class BoundedCharSequence implements CharSequence {
  static final int DEFAULT_BUDGET = 200_000;

  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("regex evaluation budget exceeded", null, false, false);
    }
  }

  private final String text;
  private final int[] remaining;

  BoundedCharSequence(String text) {
    this(text, new int[] {DEFAULT_BUDGET});
  }

  private BoundedCharSequence(String text, int[] remaining) {
    this.text = text;
    this.remaining = remaining;
  }

  @Override
  public char charAt(int index) {
    if (--remaining[0] < 0) {
      throw new BudgetExceeded();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedCharSequence(text.substring(start, end), remaining);
  }

  @Override
  public String toString() {
    return text;
  }
}
