package dev.payql.benchmarks;

import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.adapter.simnode.bolt11.Bolt11Invoice;
import dev.payql.adapter.simnode.bolt11.Network;
import dev.payql.adapter.simnode.bolt11.NodeKey;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * An invoice shaped like the ones the simulated node issues (regtest, amount, payment secret,
 * expiry, min_final_cltv_expiry, features 8, 14 and 17), made from fixed bytes so every run signs
 * and reads the same text.
 */
final class Bolt11Samples {

  private Bolt11Samples() {}

  static NodeKey nodeKey() {
    byte[] privateKey = new byte[32];
    Arrays.fill(privateKey, (byte) 0x11);
    return NodeKey.of(privateKey);
  }

  static Bolt11Invoice fields() {
    byte[] hash = new byte[32];
    Arrays.fill(hash, (byte) 0x22);
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 0x33);
    return Bolt11Invoice.of(Network.REGTEST, Optional.of(Msat.of(29_000)), Instant.parse("2026-01-01T12:00:00Z"),
            PaymentHash.of(hash), "PayQL request 0f3a9c1e")
        .withPaymentSecret(secret)
        .withExpiry(Duration.ofMinutes(10))
        .withMinFinalCltvExpiry(18)
        .withFeatures(8, 14, 17);
  }

  static String signedText() {
    return Bolt11Codec.encode(fields(), nodeKey());
  }
}
