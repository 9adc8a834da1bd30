package dev.payql.adapter.simnode.bolt11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import fr.acinq.bitcoin.Chain;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ACINQ's lightning-kmp (the Lightning engine of the Phoenix wallet) is an independent BOLT11
 * reader: invoices written by our encoder must decode there with every field intact and the signer
 * recovered from the signature.
 */
class LightningKmpReadsOurInvoicesTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest(name = "{0} msat")
  @ValueSource(longs = {1L, 150L, 1_000L, 21_000L, 250_000_000L, 123_456_789L, 100_000_000_000L, 2_100_000_000_000_000L})
  void anInvoiceWeSignIsReadBackIdenticallyByLightningKmp(long msat) {
    NodeKey key = NodeKey.generate(RANDOM);
    byte[] hash = random32();
    byte[] secret = random32();
    Instant timestamp = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    String description = "PayQL request 7f3a: { exchange(exchangeSymbol:\"binance\") { country } } – ナンセンス";
    Bolt11Invoice invoice = Bolt11Invoice.of(Network.REGTEST, Optional.of(Msat.of(msat)), timestamp,
            PaymentHash.of(hash), description)
        .withPaymentSecret(secret)
        .withExpiry(Duration.ofSeconds(900))
        .withMinFinalCltvExpiry(18)
        .withFeatures(8, 14, 17);

    String text = Bolt11Codec.encode(invoice, key);
    fr.acinq.lightning.payment.Bolt11Invoice read =
        fr.acinq.lightning.payment.Bolt11Invoice.Companion.read(text).get();

    assertThat(text).startsWith("lnbcrt");
    assertThat(read.getChain()).isEqualTo(Chain.Regtest.INSTANCE);
    assertThat(read.getAmount().getMsat()).isEqualTo(msat);
    assertThat(read.getPaymentHash().toHex()).isEqualTo(HexFormat.of().formatHex(hash));
    assertThat(read.getPaymentSecret().toHex()).isEqualTo(HexFormat.of().formatHex(secret));
    assertThat(read.getDescription()).isEqualTo(description);
    assertThat(read.getExpirySeconds()).isEqualTo(900L);
    assertThat(read.getTimestampSeconds()).isEqualTo(timestamp.getEpochSecond());
    assertThat(read.getNodeId().toHex()).isEqualTo(key.nodeId().hex());
    assertThat(read.write()).isEqualTo(text);
  }

  private static byte[] random32() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
