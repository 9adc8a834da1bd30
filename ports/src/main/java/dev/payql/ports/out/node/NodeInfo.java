package dev.payql.ports.out.node;

import java.util.List;
import java.util.Objects;

/**
 * @param backend which implementation answers ("simulated", "lnd", "cln")
 * @param network bitcoin network the node runs on ("mainnet", "testnet", "signet", "regtest")
 * @param pubkey the node's public key, 66 hex characters
 * @param uris where to open a channel to it: {@code pubkey@host:port}
 */
public record NodeInfo(String backend, String network, String pubkey, List<String> uris) {

  public NodeInfo {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(pubkey, "pubkey");
    uris = List.copyOf(uris);
  }
}
