package dev.payql.domain.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.redemption.RefusalReason.KeyAfterwards;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The "key afterwards" column of DESIGN.md table 1.4. */
class RefusalReasonTest {

  /**
   * "—" in the table (no key to speak of) is UNCHANGED: nothing happens to any key. KEY_EXPIRED and
   * KEY_REFUNDED are not rows of the table; a key in either state can never run again.
   * OUTCOME_UNKNOWN leaves the key refundable (it never runs again).
   * REFUND_IN_PROGRESS leaves the key as it is: refunded if the payment succeeds, FAILED otherwise.
   */
  @ParameterizedTest(name = "{0}: key {1}")
  @CsvSource({
      "INVALID_API_KEY,        UNCHANGED",
      "UNKNOWN_API_KEY,        UNCHANGED",
      "UNKNOWN_PAYMENT,        UNCHANGED",
      "PAYMENT_PENDING,        UNCHANGED",
      "INVOICE_EXPIRED,        DEAD",
      "REQUEST_MISMATCH,       UNCHANGED",
      "KEY_SPENT,              DEAD",
      "REDEMPTION_IN_PROGRESS, UNCHANGED",
      "KEY_EXPIRED,            DEAD",
      "OUTCOME_UNKNOWN,        UNCHANGED",
      "REFUND_IN_PROGRESS,     UNCHANGED",
      "KEY_REFUNDED,           DEAD"
  })
  void eachReasonSaysWhatBecomesOfTheKey(RefusalReason reason, KeyAfterwards expected) {
    assertThat(reason.keyAfterwards()).isEqualTo(expected);
  }

  @Test
  void everyReasonIsCoveredAbove() {
    Map<RefusalReason, KeyAfterwards> covered = new EnumMap<>(RefusalReason.class);
    for (RefusalReason reason : RefusalReason.values()) {
      covered.put(reason, reason.keyAfterwards());
    }

    assertThat(covered.keySet()).containsExactly(
        RefusalReason.INVALID_API_KEY, RefusalReason.UNKNOWN_API_KEY, RefusalReason.UNKNOWN_PAYMENT,
        RefusalReason.PAYMENT_PENDING,
        RefusalReason.INVOICE_EXPIRED, RefusalReason.REQUEST_MISMATCH, RefusalReason.KEY_SPENT,
        RefusalReason.REDEMPTION_IN_PROGRESS, RefusalReason.KEY_EXPIRED, RefusalReason.OUTCOME_UNKNOWN,
        RefusalReason.REFUND_IN_PROGRESS,
        RefusalReason.KEY_REFUNDED);
  }

  /**
   * A standard client holds a request, not a key: where buying that request again would let it run,
   * it is offered the purchase (402) rather than told about a key it does not know it has.
   */
  @ParameterizedTest(name = "{0}: cured by a new purchase {1}")
  @CsvSource({
      "INVALID_API_KEY,        false",
      "UNKNOWN_API_KEY,        false",
      "UNKNOWN_PAYMENT,        false",
      "PAYMENT_PENDING,        false",
      "INVOICE_EXPIRED,        true",
      "REQUEST_MISMATCH,       true",
      "KEY_SPENT,              true",
      "REDEMPTION_IN_PROGRESS, false",
      "KEY_EXPIRED,            true",
      "OUTCOME_UNKNOWN,        false",
      "REFUND_IN_PROGRESS,     false",
      "KEY_REFUNDED,           true"
  })
  void aNewPurchaseCuresWhatUsedTheOldOneUpOrWasBoughtForAnotherBody(RefusalReason reason, boolean cured) {
    assertThat(reason.curedByANewPurchase()).isEqualTo(cured);
  }
}
