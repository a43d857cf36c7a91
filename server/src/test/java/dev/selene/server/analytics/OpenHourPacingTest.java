package dev.selene.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The current hour is re-aggregated every 30 intervals (or ten times its last pass), and while
 * ingestion is saturated only once the longest deferral has passed.
 */
class OpenHourPacingTest {
  private static final long INTERVAL = 1_000;
  private static final long T0 = 1_000_000_000L;

  @Test
  void firstPass_dueAtOnce_thenEvery30Intervals() {
    OpenHourPacing pacing = new OpenHourPacing(INTERVAL);
    assertThat(pacing.due(T0, false)).isTrue();
    pacing.passed(T0, 200);

    assertThat(pacing.due(T0 + 29_999, false)).isFalse();
    assertThat(pacing.due(T0 + 30_000, false)).isTrue();
  }

  @Test
  void aSlowPass_spacesTheNextTenTimesItsLength() {
    OpenHourPacing pacing = new OpenHourPacing(INTERVAL);
    pacing.passed(T0, 8_000);

    assertThat(pacing.due(T0 + 79_999, false)).isFalse();
    assertThat(pacing.due(T0 + 80_000, false)).isTrue();
  }

  @Test
  void saturatedIngestion_defersThePass_upToTheLongestDeferral() {
    OpenHourPacing pacing = new OpenHourPacing(INTERVAL);
    pacing.passed(T0, 200);

    assertThat(pacing.due(T0 + 60_000, true)).as("due, but ingestion is saturated").isFalse();
    assertThat(pacing.due(T0 + 60_000, false)).as("ingestion caught up").isTrue();
    assertThat(pacing.due(T0 + OpenHourPacing.MAX_DEFERRAL_MILLIS - 1, true)).isFalse();
    assertThat(pacing.due(T0 + OpenHourPacing.MAX_DEFERRAL_MILLIS, true))
        .as("deferred no longer")
        .isTrue();
  }
}
