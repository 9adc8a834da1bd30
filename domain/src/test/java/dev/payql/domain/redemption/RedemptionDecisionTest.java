package dev.payql.domain.redemption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.redemption.RedemptionDecision.Refuse;
import dev.payql.domain.redemption.RedemptionDecision.Replay;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedemptionDecisionTest {

  @Test
  void aRefusalBecauseOfAReasonHasNoRetryTime() {
    assertThat(Refuse.because(RefusalReason.KEY_SPENT))
        .isEqualTo(new Refuse(RefusalReason.KEY_SPENT, Optional.empty()));
  }

  @Test
  void aRefusalNeedsAReasonAndAnOptionalRetryTime() {
    assertThatThrownBy(() -> Refuse.because(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Refuse(RefusalReason.KEY_SPENT, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aReplayNeedsTheStoredResponse() {
    assertThatThrownBy(() -> new Replay(null)).isInstanceOf(NullPointerException.class);
  }
}
