package dev.payql.ports.out.node;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.Msat;
import dev.payql.ports.testing.FakeLightningNode;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/** The service tests' node double keeps the same contract as the real adapters. */
class FakeLightningNodeTest extends LightningNodeContract {

  private FakeLightningNode node;

  @BeforeEach
  void freshNode() {
    node = new FakeLightningNode(Clock.systemUTC());
  }

  @Override
  protected LightningNode node() {
    return node;
  }

  @Override
  protected void settle(Invoice invoice) {
    node.settle(invoice.paymentHash());
  }

  @Override
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return node.foreignRequest(amount);
  }

  @Override
  protected Msat routingFee() {
    return FakeLightningNode.ROUTING_FEE;
  }

  @Override
  protected int paymentsReceivedByPayees() {
    return node.payments().size();
  }

  @Override
  protected Optional<PaymentsInFlight> paymentsInFlight() {
    return Optional.of(node.paymentsInFlight());
  }
}
