package dev.payql.app;

import dev.payql.adapter.cln.ClnConfig;
import dev.payql.adapter.cln.ClnNode;
import dev.payql.adapter.http.web.DevPayments;
import dev.payql.adapter.lnd.LndConfig;
import dev.payql.adapter.lnd.LndNode;
import dev.payql.adapter.simnode.SettlementRefusedException;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.app.config.ConfigurationException;
import dev.payql.app.config.PayqlConfig.NodeSettings;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.ports.out.node.LightningNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The Lightning node chosen by configuration, with what only some nodes offer: the simulated node's
 * {@code /dev/pay}. {@code stream} names the node's settlement cursor in the store;
 * {@code paymentDeadline} is the longest a refund payment call can take, from its first call to
 * the node to the node's last word.
 */
record NodeConnection(LightningNode node, AutoCloseable closer, String stream, Optional<DevPayments> devPayments,
    Duration paymentDeadline) {

  static NodeConnection open(NodeSettings settings, Duration refundPaymentTimeout, Path dataDir, Clock clock) {
    try {
      return switch (settings) {
        case NodeSettings.Simulated simulated -> {
          SimulatedNode node = new SimulatedNode(dataDir.resolve("simnode"), clock, simulated.advertisedHost(),
              simulated.advertisedPort());
          // refunds are recorded at once, nothing is routed
          yield new NodeConnection(node, node, "simulated", Optional.of(devPayments(node)), Duration.ZERO);
        }
        case NodeSettings.Lnd lnd -> {
          LndConfig config = new LndConfig(lnd.host(), lnd.port(), lnd.tlsCert(), lnd.macaroon(), lnd.timeout(),
              refundPaymentTimeout);
          LndNode node = new LndNode(config);
          // DecodePayReq (and a redial) before SendPaymentV2, which is waited for up to its own deadline
          Duration deadline = config.paymentDeadline().plus(config.callTimeout().multipliedBy(2));
          yield new NodeConnection(node, node, "lnd:" + lnd.host() + ":" + lnd.port(), Optional.empty(), deadline);
        }
        case NodeSettings.Cln cln -> {
          ClnConfig base = cln.transport().equals("rest")
              ? ClnConfig.rest(URI.create(cln.restUrl().orElseThrow()), cln.runeFile().orElseThrow(),
                  cln.restCert().orElseThrow())
              : ClnConfig.socket(cln.rpcSocket().orElseThrow());
          ClnConfig config = new ClnConfig(base.transport(), base.socketPath(), base.restUrl(), base.runePath(),
              base.restCertPath(), cln.timeout(), refundPaymentTimeout,
              base.waitTimeout(), base.reconnectDelay(), base.maxReconnectDelay());
          ClnNode node = new ClnNode(config);
          String where = cln.transport().equals("rest") ? cln.restUrl().orElseThrow() : cln.rpcSocket().orElseThrow().toString();
          // decode, then pay: retry_for plus a call's deadline
          Duration deadline = config.payTimeout().plus(config.callTimeout().multipliedBy(2));
          yield new NodeConnection(node, node, "cln:" + where, Optional.empty(), deadline);
        }
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      // unreadable certificate or macaroon, malformed URL: the operator must fix the configuration
      throw new ConfigurationException("cannot set up the Lightning node: " + e.getMessage());
    }
  }

  static DevPayments devPayments(SimulatedNode node) {
    return paymentRequest -> {
      Bolt11 request;
      try {
        request = Bolt11.parse(paymentRequest);
      } catch (IllegalArgumentException e) {
        throw new DevPayments.Refused(e.getMessage());
      }
      try {
        return node.settle(request).hex();
      } catch (SettlementRefusedException e) {
        throw new DevPayments.Refused(e.getMessage());
      }
    };
  }
}
