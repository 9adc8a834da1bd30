package dev.payql.adapter.cln;

import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.ports.out.node.LightningNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The port's contract against a Core Lightning JSON-RPC peer on a real unix socket. */
class ClnNodeSocketContractTest extends FakeCoreLightningContract {

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
  protected FakeCoreLightning cln() {
    return cln;
  }
}
