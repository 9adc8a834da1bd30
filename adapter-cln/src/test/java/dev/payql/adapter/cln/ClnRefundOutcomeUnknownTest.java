package dev.payql.adapter.cln;

import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract.PaymentsInFlight;
import dev.payql.service.RefundOutcomeUnknownContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** "Refund outcome unknown" through the refund service, ClnNode and a JSON-RPC peer on a unix socket. */
class ClnRefundOutcomeUnknownTest extends RefundOutcomeUnknownContract {

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
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return Bolt11.parse(cln.foreignInvoice(amount));
  }

  @Override
  protected int paymentsReceivedByPayees() {
    return cln.paidOut().size();
  }

  @Override
  protected PaymentsInFlight paymentsInFlight() {
    return cln.paymentsInFlight();
  }
}
