package dev.selene.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Saturated means the writers recently waited for work less than a tenth of the time. */
class WriterLoadTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void writersAlwaysBusy_saturatedAfterAFewSeconds_andNotAtStart() {
    WriterLoad load = new WriterLoad(2, 0);
    assertThat(load.saturated(0, 0)).as("nothing measured yet").isFalse();
    boolean saturated = false;
    int seconds = 0;
    while (!saturated && seconds < 30) {
      seconds++;
      saturated = load.saturated(seconds * SECOND, 0);
    }
    assertThat(saturated).isTrue();
    assertThat(seconds).isBetween(3, 10);
  }

  @Test
  void writersIdleAFifthOfTheTime_notSaturated() {
    WriterLoad load = new WriterLoad(2, 0);
    for (int s = 1; s <= 30; s++) {
      // two writers, each idle 0.2 s of every second
      assertThat(load.saturated(s * SECOND, s * 2 * SECOND / 5)).isFalse();
    }
  }

  @Test
  void idleAgain_saturationEndsWithinSeconds_andCallsWithinASecondShareTheAnswer() {
    WriterLoad load = new WriterLoad(1, 0);
    for (int s = 1; s <= 20; s++) {
      load.saturated(s * SECOND, 0);
    }
    assertThat(load.saturated(20 * SECOND + SECOND / 2, SECOND / 2))
        .as("half a second later: the same window")
        .isTrue();
    // from second 20 on, the writer is idle half the time
    boolean saturated = true;
    int s = 20;
    while (saturated && s < 40) {
      s++;
      saturated = load.saturated(s * SECOND, (s - 20) * SECOND / 2);
    }
    assertThat(saturated).isFalse();
    assertThat(s - 20).isLessThanOrEqualTo(3);
  }
}
