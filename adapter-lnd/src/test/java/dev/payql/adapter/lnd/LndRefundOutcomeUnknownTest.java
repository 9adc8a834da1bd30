package dev.payql.adapter.lnd;

import dev.payql.adapter.lnd.testing.Connected;
import dev.payql.adapter.lnd.testing.FakeLnd;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract.PaymentsInFlight;
import dev.payql.service.RefundOutcomeUnknownContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** "Refund outcome unknown" through the refund service, LndNode and the router of a real gRPC peer. */
class LndRefundOutcomeUnknownTest extends RefundOutcomeUnknownContract {

  @TempDir
  Path directory;

  private FakeLnd lnd;
  private LndNode node;

  @BeforeEach
  void startNode() {
    lnd = new FakeLnd(directory).start();
    node = Connected.once(new LndNode(LndConfig.of("localhost", lnd.port(), lnd.certificatePath(), lnd.macaroonPath())
        .withCallTimeout(Duration.ofSeconds(5))
        .withPaymentTimeout(Duration.ofSeconds(1))));
  }

  @AfterEach
  void stopNode() {
    node.close();
    lnd.stop();
  }

  @Override
  protected LightningNode node() {
    return node;
  }

  @Override
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return lnd.foreignPaymentRequest(amount);
  }

  @Override
  protected int paymentsReceivedByPayees() {
    return lnd.paymentsMade();
  }

  @Override
  protected PaymentsInFlight paymentsInFlight() {
    return lnd.paymentsInFlight();
  }
}
