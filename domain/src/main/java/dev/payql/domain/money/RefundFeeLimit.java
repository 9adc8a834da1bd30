package dev.payql.domain.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The most PayQL spends on routing fees to pay a refund: a share of the refund's amount, rounded
 * down to the msat, so never more than the refund itself. A node's own floor (LND's old 10 sat) would
 * let a 1-sat refund cost ten times its value; a share cannot.
 *
 * @param percent of the refund's amount, 0 (only fee-free routes) to 100
 */
public record RefundFeeLimit(BigDecimal percent) {

  /** Enough for a hop or two at common fee rates on small refunds; operators may raise it. */
  public static final BigDecimal DEFAULT_PERCENT = new BigDecimal("5");

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public RefundFeeLimit {
    Objects.requireNonNull(percent, "percent");
    if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException("a refund's fee limit is 0 to 100 % of its amount, not " + percent.toPlainString()
          + " %");
    }
  }

  public static RefundFeeLimit defaults() {
    return new RefundFeeLimit(DEFAULT_PERCENT);
  }

  /** The routing fee allowed on top of a refund of {@code amount}. */
  public Msat maxFeeFor(Msat amount) {
    Objects.requireNonNull(amount, "amount");
    long fee = BigDecimal.valueOf(amount.value()).multiply(percent)
        .divide(HUNDRED, 0, RoundingMode.DOWN).longValueExact();
    return Msat.of(Math.min(fee, amount.value()));
  }
}
