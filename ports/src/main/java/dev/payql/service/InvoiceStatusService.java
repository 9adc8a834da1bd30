package dev.payql.service;

import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.out.store.PurchaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Reports a purchase's state. A long poll waits while the invoice is still awaiting payment, the
 * only state that changes without the buyer doing something, and returns as soon as it is paid or
 * lapses. Waiting polls the store
 * (which the settlement stream of any instance updates) and asks the node itself at most once per
 * {@code nodeCheckInterval}, so a long poll reacts even where no stream is running.
 */
public final class InvoiceStatusService implements InvoiceStatusUseCase {

  /** Long polls never hold a request longer than this, whatever the client asks. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final PurchaseStore store;
  private final PaymentRecorder payments;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration nodeCheckInterval;

  public InvoiceStatusService(PurchaseStore store, PaymentRecorder payments, Clock clock, Duration pollInterval,
      Duration nodeCheckInterval) {
    this.store = Objects.requireNonNull(store, "store");
    this.payments = Objects.requireNonNull(payments, "payments");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.nodeCheckInterval = Objects.requireNonNull(nodeCheckInterval, "nodeCheckInterval");
  }

  @Override
  public StatusOutcome status(String presentedKey, Duration wait) {
    if (!OneTimeKey.isWellFormed(presentedKey)) {
      return new UnknownKey(RefusalReason.INVALID_API_KEY);
    }
    Optional<Purchase> found = store.findByKeyDigest(OneTimeKey.parse(presentedKey).digest());
    if (found.isEmpty()) {
      return new UnknownKey(RefusalReason.UNKNOWN_API_KEY);
    }
    Purchase purchase = payments.refresh(found.get());
    Duration patience = clamp(wait);
    Instant deadline = clock.instant().plus(patience);
    Instant nextNodeCheck = clock.instant().plus(nodeCheckInterval);
    // bounded by count as well as by time, so a clock that stands still cannot hold a thread forever
    long pollsLeft = patience.toMillis() / Math.max(1, pollInterval.toMillis()) + 1;
    while (visibleState(purchase, clock.instant()) == PurchaseState.AWAITING_PAYMENT
        && clock.instant().isBefore(deadline)
        && pollsLeft-- > 0) {
      sleep(pollInterval);
      purchase = store.findByKeyDigest(purchase.keyDigest()).orElseThrow();
      if (!clock.instant().isBefore(nextNodeCheck)) {
        purchase = payments.refresh(purchase);
        nextNodeCheck = clock.instant().plus(nodeCheckInterval);
      }
    }
    return new Status(visibleState(purchase, clock.instant()), purchase.paymentHash(), purchase.invoiceExpiresAt());
  }

  /** An unpaid purchase past its invoice expiry is expired, whether or not the sweeper got to it. */
  private static PurchaseState visibleState(Purchase purchase, Instant now) {
    if (purchase.state() == PurchaseState.AWAITING_PAYMENT && purchase.isInvoiceLapsed(now)) {
      return PurchaseState.EXPIRED;
    }
    return purchase.state();
  }

  private static Duration clamp(Duration wait) {
    if (wait == null || wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a payment", e);
    }
  }
}
