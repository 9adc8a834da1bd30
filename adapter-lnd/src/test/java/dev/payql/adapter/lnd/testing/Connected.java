package dev.payql.adapter.lnd.testing;

import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.testing.Eventually;

/**
 * Waits for a node's first answer, so the TLS handshake (seconds on a loaded machine) is behind a
 * test before it measures anything against the short deadlines it configured.
 */
public final class Connected {

  private Connected() {}

  public static <T extends LightningNode> T once(T node) {
    Eventually.await("a first answer from the node", () -> {
      try {
        node.info();
        return true;
      } catch (NodeUnavailableException e) {
        return false;
      }
    });
    return node;
  }
}
