package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.adapter.simnode.bolt11.Bolt11Invoice;
import dev.payql.adapter.simnode.bolt11.Network;
import dev.payql.adapter.simnode.bolt11.NodeKey;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Another node's wallet: issues the invoices a buyer hands in for a refund. */
final class ForeignWallet {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final NodeKey key = NodeKey.generate(RANDOM);
  private final Clock clock;

  ForeignWallet(Clock clock) {
    this.clock = clock;
  }

  NodeKey key() {
    return key;
  }

  Bolt11 invoice(Msat amount, Duration expiry) {
    return invoice(Network.REGTEST, Optional.of(amount), expiry);
  }

  Bolt11 invoice(Network network, Optional<Msat> amount, Duration expiry) {
    byte[] hash = new byte[32];
    RANDOM.nextBytes(hash);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Bolt11Invoice invoice = Bolt11Invoice.of(network, amount, now, PaymentHash.of(hash), "refund")
        .withPaymentSecret(secret)
        .withExpiry(expiry)
        .withFeatures(8, 14, 17);
    return new Bolt11(Bolt11Codec.encode(invoice, key));
  }
}
