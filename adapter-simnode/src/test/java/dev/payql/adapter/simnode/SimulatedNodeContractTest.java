package dev.payql.adapter.simnode;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The simulated node keeps the contract every Lightning node adapter keeps. */
class SimulatedNodeContractTest extends LightningNodeContract {

  @TempDir
  Path dataDirectory;

  private SimulatedNode node;
  private ForeignWallet wallet;

  @BeforeEach
  void startNode() {
    node = new SimulatedNode(dataDirectory, Clock.systemUTC());
    wallet = new ForeignWallet(Clock.systemUTC());
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Override
  protected LightningNode node() {
    return node;
  }

  @Override
  protected void settle(Invoice invoice) {
    node.settle(invoice.paymentRequest());
  }

  /** It has no channels: {@link SimulatedNodeTest} shows its payments fail with a reason. */
  @Override
  protected boolean routesPayments() {
    return false;
  }

  @Override
  protected Bolt11 foreignPaymentRequest(Msat amount) {
    return wallet.invoice(amount, Duration.ofMinutes(10));
  }
}
