package dev.payql.adapter.cln;

import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The port's contract against a Core Lightning JSON-RPC peer on a real unix socket. */
class ClnNodeSocketContractTest extends LightningNodeContract {

  @TempDir
  Path dir;

  private FakeCoreLightning cln;
  private ClnNode node;

  @BeforeEach
  void startNode() {
    cln = FakeCoreLightning.start(dir);
    node = new ClnNode(TestClnConfigs.socket(cln.socketPath()));
  }

  @AfterEach
  void stopNode() {
    node.close();
    cln.stop();
  }

  @Override
  protected LightningNode node() {
    return node;
  }

  @Override
  protected void settle(Invoice invoice) {
    cln.pay(invoice.paymentHash());
  }

  @Override
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return Bolt11.parse(cln.foreignInvoice(amount));
  }

  @Override
  protected Msat routingFee() {
    return Msat.of(FakeCoreLightning.ROUTING_FEE_MSAT);
  }

  @Override
  protected int paymentsReceivedByPayees() {
    return cln.paidOut().size();
  }

  @Override
  protected Optional<PaymentsInFlight> paymentsInFlight() {
    return Optional.of(cln.paymentsInFlight());
  }
}
