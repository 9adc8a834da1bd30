package dev.payql.app.metrics;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.purchase.KeyDigest;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.out.store.PurchaseStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts the purchase lifecycle where it becomes true: in the store, as transitions are saved.
 * Whatever saved them (a buyer's invoice or the 402 challenge of {@code /graphql}, the settlement
 * stream, a redemption that asked the node, the sweeper, the refund reconciler), each is counted
 * once, by the instance that saved it:
 * <ul>
 *   <li>{@code payql_invoices_issued_total}: purchases inserted, one invoice each;
 *   <li>{@code payql_invoices_paid_total}: saved PAID, which only a settlement does;
 *   <li>{@code payql_invoices_expired_total}: saved EXPIRED without a payment (the invoice lapsed);
 *   <li>{@code payql_refunds_paid_total}: saved REFUNDED;
 *   <li>{@code payql_settlement_lag_seconds}: from the node's settlement time to the moment PayQL
 *       saved it, on this machine's clock (a node clock ahead counts as no lag).
 * </ul>
 * No label carries a key digest, a payment hash or an amount.
 */
public final class MeteredPurchaseStore implements PurchaseStore {

  private final PurchaseStore store;
  private final Clock clock;
  private final Counter issued;
  private final Counter paid;
  private final Counter expired;
  private final Counter refundsPaid;
  private final Timer settlementLag;

  public MeteredPurchaseStore(PurchaseStore store, MeterRegistry registry, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.issued = Counter.builder("payql.invoices.issued").description("Invoices issued (purchases saved)")
        .register(registry);
    this.paid = Counter.builder("payql.invoices.paid").description("Invoices recorded as paid").register(registry);
    this.expired = Counter.builder("payql.invoices.expired").description("Invoices that lapsed unpaid")
        .register(registry);
    this.refundsPaid = Counter.builder("payql.refunds.paid").description("Refunds the node paid").register(registry);
    this.settlementLag = Timer.builder("payql.settlement.lag")
        .description("From an invoice's settlement at the node to PayQL recording it")
        .serviceLevelObjectives(Buckets.SETTLEMENT_LAG)
        .register(registry);
  }

  @Override
  public void insert(Purchase purchase) {
    store.insert(purchase);
    issued.increment();
  }

  @Override
  public boolean compareAndSet(Purchase next) {
    boolean saved = store.compareAndSet(next);
    if (saved) {
      counted(next);
    }
    return saved;
  }

  private void counted(Purchase next) {
    switch (next.state()) {
      case PAID -> {
        paid.increment();
        Duration lag = Duration.between(next.paidAt().orElseThrow(), clock.instant());
        settlementLag.record(lag.isNegative() ? Duration.ZERO : lag);
      }
      case EXPIRED -> {
        if (next.paidAt().isEmpty()) {
          expired.increment();
        }
      }
      case REFUNDED -> refundsPaid.increment();
      default -> { }
    }
  }

  @Override
  public Optional<Purchase> findByKeyDigest(KeyDigest keyDigest) {
    return store.findByKeyDigest(keyDigest);
  }

  @Override
  public Optional<Purchase> findByPaymentHash(PaymentHash paymentHash) {
    return store.findByPaymentHash(paymentHash);
  }

  @Override
  public List<Purchase> findAwaitingPayment(Optional<KeyDigest> after, int limit) {
    return store.findAwaitingPayment(after, limit);
  }

  @Override
  public List<Purchase> findRefunding(Optional<KeyDigest> after, int limit) {
    return store.findRefunding(after, limit);
  }

  @Override
  public List<Purchase> findSweepable(Instant now, int limit) {
    return store.findSweepable(now, limit);
  }

  @Override
  public Instant currentTime() {
    return store.currentTime();
  }

  @Override
  public long settlementCursor(String stream) {
    return store.settlementCursor(stream);
  }

  @Override
  public void advanceSettlementCursor(String stream, long cursor) {
    store.advanceSettlementCursor(stream, cursor);
  }
}
