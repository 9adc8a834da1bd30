package dev.payql.adapter.simnode.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Bolt11CodecTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final NodeKey KEY = NodeKey.generate(RANDOM);
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static Bolt11Invoice invoice(String description) {
    byte[] hash = new byte[32];
    RANDOM.nextBytes(hash);
    return Bolt11Invoice.of(Network.REGTEST, Optional.of(Msat.of(1_000)), NOW, PaymentHash.of(hash), description);
  }

  @Test
  void everyFieldTheEncoderWritesIsReadBack() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    Bolt11Invoice written = invoice("all fields")
        .withPaymentSecret(secret)
        .withExpiry(Duration.ofDays(7))
        .withMinFinalCltvExpiry(144)
        .withFeatures(8, 14, 17);

    SignedBolt11 read = Bolt11Codec.decode(Bolt11Codec.encode(written, KEY));

    assertThat(read.invoice()).isEqualTo(written);
    assertThat(read.invoice().features()).isEqualTo(BigInteger.ZERO.setBit(8).setBit(14).setBit(17));
    assertThat(read.payee()).isEqualTo(KEY.nodeId());
  }

  @Test
  void aDescriptionOf639BytesFitsAndOneOf640DoesNot() {
    Bolt11Invoice longest = invoice("é".repeat(319) + "x");

    assertThat(Bolt11Codec.decode(Bolt11Codec.encode(longest, KEY)).invoice().description())
        .isEqualTo(longest.description());
    assertThatThrownBy(() -> Bolt11Codec.encode(invoice("é".repeat(320)), KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("639");
  }

  @Test
  void anExplicitPayeeFieldIsVerifiedInsteadOfRecovered() {
    Bolt11Invoice withPayee = new Bolt11Invoice(Network.REGTEST, Optional.empty(), NOW,
        invoice("n").paymentHash(), Optional.empty(), Optional.of("n"), Optional.empty(), Optional.empty(),
        Optional.empty(), BigInteger.ZERO, Optional.of(KEY.nodeId()));

    SignedBolt11 read = Bolt11Codec.decode(Bolt11Codec.encode(withPayee, KEY));

    assertThat(read.invoice().payeeField()).contains(KEY.nodeId());
    assertThat(read.payee()).isEqualTo(KEY.nodeId());
  }

  @Test
  void aPayeeFieldNamingAnotherKeyCannotBeSigned() {
    NodeId someoneElse = NodeKey.generate(RANDOM).nodeId();
    Bolt11Invoice lying = new Bolt11Invoice(Network.REGTEST, Optional.empty(), NOW,
        invoice("n").paymentHash(), Optional.empty(), Optional.of("n"), Optional.empty(), Optional.empty(),
        Optional.empty(), BigInteger.ZERO, Optional.of(someoneElse));

    assertThatThrownBy(() -> Bolt11Codec.encode(lying, KEY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLightningUriPrefixAndSurroundingWhitespaceAreAccepted() {
    String text = Bolt11Codec.encode(invoice("uri"), KEY);

    assertThat(Bolt11Codec.decode("  lightning:" + text.toUpperCase() + "\n").text()).isEqualTo(text);
  }

  @Test
  void aTamperedAmountChangesTheRecoveredPayee() {
    String text = Bolt11Codec.encode(invoice("tamper"), KEY);
    // re-checksummed with a bigger amount: still valid bech32, but no longer this node's signature
    Bech32.Decoded decoded = Bech32.decode(text);
    String tampered = Bech32.encode("lnbcrt20n", decoded.data());

    assertThat(Bolt11Codec.decode(tampered).payee()).isNotEqualTo(KEY.nodeId());
  }
}
