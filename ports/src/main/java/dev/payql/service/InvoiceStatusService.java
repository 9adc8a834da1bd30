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
 * lapses. It waits on {@link PaymentSignals}: the payment wakes it in process, from whichever path
 * records it. Only if no signal comes for {@code recheckInterval} does it read the store and ask
 * the node again, for a settlement stream that is down; so a minute's wait costs a handful of
 * reads, not hundreds.
 */
public final class InvoiceStatusService implements InvoiceStatusUseCase {

  /** How often a long poll checks for itself when no signal came: the settlement stream may be down. */
  public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(10);

  private final PurchaseStore store;
  private final PaymentRecorder payments;
  private final PaymentSignals signals;
  private final Clock clock;
  private final Duration recheckInterval;

  public InvoiceStatusService(PurchaseStore store, PaymentRecorder payments, Clock clock, Duration recheckInterval) {
    this.store = Objects.requireNonNull(store, "store");
    this.payments = Objects.requireNonNull(payments, "payments");
    this.signals = payments.signals();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recheckInterval = Objects.requireNonNull(recheckInterval, "recheckInterval");
    if (recheckInterval.toMillis() < 1) {
      throw new IllegalArgumentException("the recheck interval must be at least 1 ms: " + recheckInterval);
    }
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
    Duration patience = clamp(wait);
    if (patience.isZero() || visibleState(found.get(), clock.instant()) != PurchaseState.AWAITING_PAYMENT) {
      return status(payments.refresh(found.get()));
    }
    // watch first, then look: a payment recorded in between is seen by one or the other
    try (PaymentSignals.Watch watch = signals.watch(found.get().keyDigest())) {
      Purchase purchase = payments.refresh(found.get());
      Instant deadline = clock.instant().plus(patience);
      // bounded by count as well as by time, so a clock that stands still cannot hold a thread forever
      long rechecksLeft = patience.toMillis() / recheckInterval.toMillis() + 1;
      while (visibleState(purchase, clock.instant()) == PurchaseState.AWAITING_PAYMENT
          && clock.instant().isBefore(deadline) && rechecksLeft-- > 0 && !signals.isClosed()) {
        boolean signalled = watch.await(nextLook(purchase, deadline));
        if (Thread.currentThread().isInterrupted()) {
          break; // stopping: answer what is known
        }
        purchase = store.findByKeyDigest(purchase.keyDigest()).orElseThrow();
        if (!signalled) {
          purchase = payments.refresh(purchase);
        }
      }
      return status(purchase);
    }
  }

  /** Until the next recheck, the deadline or the invoice's lapse, whichever comes first. */
  private Duration nextLook(Purchase purchase, Instant deadline) {
    Instant now = clock.instant();
    Duration next = recheckInterval;
    for (Instant limit : new Instant[] {deadline, purchase.invoiceExpiresAt()}) {
      Duration until = Duration.between(now, limit);
      if (until.compareTo(next) < 0) {
        next = until;
      }
    }
    return next.isNegative() ? Duration.ZERO : next;
  }

  private Status status(Purchase purchase) {
    return new Status(visibleState(purchase, clock.instant()), purchase.paymentHash(), purchase.invoiceExpiresAt());
  }

  /**
   * An unpaid purchase past its invoice expiry is expired, and an abandoned execution of a request
   * sold at most once is of unknown outcome, whether or not the sweeper got to it.
   */
  private static PurchaseState visibleState(Purchase purchase, Instant now) {
    if (purchase.state() == PurchaseState.AWAITING_PAYMENT && purchase.isInvoiceLapsed(now)) {
      return PurchaseState.EXPIRED;
    }
    if (purchase.isAbandoned(now)) {
      return PurchaseState.OUTCOME_UNKNOWN;
    }
    return purchase.state();
  }

  private static Duration clamp(Duration wait) {
    if (wait == null || wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }
}
