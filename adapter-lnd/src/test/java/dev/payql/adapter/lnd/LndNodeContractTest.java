package dev.payql.adapter.lnd;

import dev.payql.adapter.lnd.testing.Connected;
import dev.payql.adapter.lnd.testing.FakeLnd;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The LightningNode contract against LND's gRPC service on a real TLS server on loopback. */
class LndNodeContractTest extends LightningNodeContract {

  @TempDir
  Path directory;

  private FakeLnd lnd;
  private LndNode node;

  @BeforeEach
  void startNode() {
    lnd = new FakeLnd(directory).start();
    // LND gives up routes after a second, so a payment held in flight is reported pending soon
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
  protected void settle(Invoice invoice) {
    lnd.settle(invoice.paymentHash());
  }

  @Override
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return lnd.foreignPaymentRequest(amount);
  }

  @Override
  protected Msat routingFee() {
    return Msat.of(FakeLnd.ROUTING_FEE_MSAT);
  }

  @Override
  protected int paymentsReceivedByPayees() {
    return lnd.paymentsMade();
  }

  @Override
  protected Optional<PaymentsInFlight> paymentsInFlight() {
    return Optional.of(lnd.paymentsInFlight());
  }
}
