package dev.payql.adapter.cln;

import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNodeContract;
import java.util.Optional;

/**
 * The port's contract against the Core Lightning peer, whichever transport reaches it: how the
 * test settles, pays out and counts is the peer's, not the transport's.
 */
abstract class FakeCoreLightningContract extends LightningNodeContract {

  /** The peer the node under test talks to. */
  protected abstract FakeCoreLightning cln();

  @Override
  protected void settle(Invoice invoice) {
    cln().pay(invoice.paymentHash());
  }

  @Override
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return Bolt11.parse(cln().foreignInvoice(amount));
  }

  @Override
  protected Msat routingFee() {
    return Msat.of(FakeCoreLightning.ROUTING_FEE_MSAT);
  }

  @Override
  protected int paymentsReceivedByPayees() {
    return cln().paidOut().size();
  }

  @Override
  protected Optional<PaymentsInFlight> paymentsInFlight() {
    return Optional.of(cln().paymentsInFlight());
  }
}
