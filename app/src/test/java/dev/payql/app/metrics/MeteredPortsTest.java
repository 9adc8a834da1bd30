package dev.payql.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.testing.FakeLightningNode;
import dev.payql.ports.testing.InMemoryPurchaseStore;
import dev.payql.ports.testing.MutableClock;
import dev.payql.ports.testing.TestPurchases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The decorators count what the ports did, and only when it happened. */
class MeteredPortsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

  @Test
  void aNodeThatDoesNotAnswerIsCountedAsUnavailableAndTheFailureStillReachesTheCaller() {
    FakeLightningNode fake = new FakeLightningNode(clock);
    MeteredLightningNode node = new MeteredLightningNode(fake, registry);
    node.info();
    fake.goDown();

    assertThatThrownBy(node::info).isInstanceOf(NodeUnavailableException.class);

    assertThat(registry.get(MeteredLightningNode.CALLS).tags("call", "info", "outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredLightningNode.CALLS).tags("call", "info", "outcome", "unavailable").timer()
        .count()).isEqualTo(1);
  }

  @Test
  void anInvoiceThatLapsesUnpaidIsCountedExpiredAndALostRaceCountsNothing() {
    MeteredPurchaseStore store = new MeteredPurchaseStore(new InMemoryPurchaseStore(clock), registry, clock);
    Purchase unpaid = TestPurchases.awaiting(clock.instant(), Duration.ofMinutes(10));
    store.insert(unpaid);
    Purchase lapsed = unpaid.expireInvoice(clock.instant().plus(Duration.ofMinutes(11)));

    assertThat(store.compareAndSet(lapsed)).isTrue();
    assertThat(store.compareAndSet(lapsed)).as("the same version again").isFalse();

    assertThat(registry.get("payql.invoices.issued").counter().count()).isEqualTo(1);
    assertThat(registry.get("payql.invoices.expired").counter().count()).isEqualTo(1);
    assertThat(registry.get("payql.invoices.paid").counter().count()).isZero();
  }

  @Test
  void theSettlementLagRunsFromTheNodesSettlementToTheSave() {
    MeteredPurchaseStore store = new MeteredPurchaseStore(new InMemoryPurchaseStore(clock), registry, clock);
    Purchase unpaid = TestPurchases.awaiting(clock.instant(), Duration.ofMinutes(10));
    store.insert(unpaid);
    Instant settledAt = clock.instant();
    clock.advance(Duration.ofSeconds(7));

    store.compareAndSet(unpaid.markPaid(settledAt, Duration.ofDays(1)).orElseThrow());

    assertThat(registry.get("payql.invoices.paid").counter().count()).isEqualTo(1);
    assertThat(registry.get("payql.settlement.lag").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(7);
  }
}
