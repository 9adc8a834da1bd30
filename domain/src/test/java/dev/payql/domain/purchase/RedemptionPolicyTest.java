package dev.payql.domain.purchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedemptionPolicyTest {

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void theExecutionLeaseMustBePositive(long seconds) {
    assertThatThrownBy(() -> new RedemptionPolicy(Duration.ofSeconds(seconds), ONE_SECOND, ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void theKeyLifetimeMustBePositive(long seconds) {
    assertThatThrownBy(() -> new RedemptionPolicy(ONE_SECOND, ONE_SECOND, Duration.ofSeconds(seconds)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key lifetime");
  }

  @Test
  void theReplayWindowCannotBeNegative() {
    assertThatThrownBy(() -> new RedemptionPolicy(ONE_SECOND, Duration.ofNanos(-1), ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replay window");
  }

  @Test
  void aZeroReplayWindowTurnsReplaysOff() {
    assertThat(new RedemptionPolicy(ONE_SECOND, Duration.ZERO, ONE_SECOND).replayWindow()).isZero();
  }

  @Test
  void everyDurationIsRequired() {
    assertThatThrownBy(() -> new RedemptionPolicy(null, ONE_SECOND, ONE_SECOND)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RedemptionPolicy(ONE_SECOND, null, ONE_SECOND)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RedemptionPolicy(ONE_SECOND, ONE_SECOND, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theDefaultsAreAOneMinuteLeaseATenMinuteReplayWindowAndThirtyDayKeys() {
    assertThat(RedemptionPolicy.defaults())
        .isEqualTo(new RedemptionPolicy(Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofDays(30)));
  }
}
