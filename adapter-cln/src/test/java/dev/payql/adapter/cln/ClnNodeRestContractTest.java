package dev.payql.adapter.cln;

import dev.payql.adapter.cln.fake.FakeClnRest;
import dev.payql.adapter.cln.fake.FakeCoreLightning;
import dev.payql.ports.out.node.LightningNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port's contract through CLNRest over HTTPS with a rune. One fake node serves the class (its
 * certificate is made by keytool once); the contract's tests use fresh labels and start their
 * streams after what earlier tests settled, so they do not see each other.
 */
class ClnNodeRestContractTest extends FakeCoreLightningContract {

  static final String RUNE = "tU-RLjMiDpY2U0o9zRbWuzNiZpEL5GW6N1V8XDq3UNM9MA==";

  @TempDir
  static Path dir;

  private static FakeCoreLightning cln;
  private static FakeClnRest rest;
  private ClnNode node;

  @BeforeAll
  static void startFake() {
    cln = FakeCoreLightning.start(dir);
    rest = cln.startRest(RUNE);
  }

  @AfterAll
  static void stopFake() {
    cln.stop();
  }

  @BeforeEach
  void connect() {
    node = new ClnNode(TestClnConfigs.rest(rest));
  }

  @AfterEach
  void disconnect() {
    node.close();
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
