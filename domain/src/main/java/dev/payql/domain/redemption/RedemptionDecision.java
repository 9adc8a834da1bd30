package dev.payql.domain.redemption;

import dev.payql.domain.purchase.StoredResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link RedemptionRules#decide}: a value, never an exception. */
public sealed interface RedemptionDecision {

  /** Run the request: claim the purchase, execute, record the outcome. */
  record Execute() implements RedemptionDecision {}

  /** Send back the stored answer of the earlier execution, byte for byte. */
  record Replay(StoredResponse response) implements RedemptionDecision {
    public Replay {
      Objects.requireNonNull(response, "response");
    }
  }

  /** Do not run it; {@code retryAfter} is set when trying again later can succeed. */
  record Refuse(RefusalReason reason, Optional<Duration> retryAfter) implements RedemptionDecision {
    public Refuse {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static Refuse because(RefusalReason reason) {
      return new Refuse(reason, Optional.empty());
    }
  }
}
