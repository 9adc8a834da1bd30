package dev.payql.adapter.simnode.bolt11;

import static dev.payql.adapter.simnode.bolt11.SpecificationVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec against the BOLT #11 "Examples": every one decodes, and those it can write re-encode exactly. */
class Bolt11CodecSpecificationTest {

  private static final NodeKey KEY = NodeKey.of(HexFormat.of().parseHex(PRIVATE_KEY));
  private static final NodeId PAYEE = new NodeId(NODE_ID);
  private static final PaymentHash HASH = new PaymentHash(PAYMENT_HASH);
  private static final Instant AT = Instant.ofEpochSecond(TIMESTAMP);

  @Test
  void theSpecificationKeyHasTheSpecificationNodeId() {
    assertThat(KEY.nodeId()).isEqualTo(PAYEE);
  }

  @Test
  void donationWithoutAmountDecodesAndReencodesExactly() {
    SignedBolt11 decoded = Bolt11Codec.decode(DONATION);

    Bolt11Invoice invoice = decoded.invoice();
    assertThat(invoice.network()).isEqualTo(Network.MAINNET);
    assertThat(invoice.amount()).isEmpty();
    assertThat(invoice.timestamp()).isEqualTo(AT);
    assertThat(invoice.paymentHash()).isEqualTo(HASH);
    assertThat(invoice.description()).contains("Please consider supporting this project");
    assertThat(invoice.expiry()).isEmpty();
    assertThat(invoice.expiresAt()).isEqualTo(AT.plusSeconds(3600));
    assertThat(invoice.minFinalCltvExpiryOrDefault()).isEqualTo(18);
    assertThat(decoded.payee()).isEqualTo(PAYEE);
    assertThat(decoded.signature().recoveryId()).isZero();
    assertThat(HexFormat.of().formatHex(decoded.signature().toCompact()).substring(0, 128)).isEqualTo(
        "38ec6891345e204145be8a3a99de38e98a39d6a569434e1845c8af7205afcfcc7f425fcd1463e93c32881ead0d6e356d467ec8c02553f9aab15e5738b11f127f");

    assertThat(Bolt11Codec.encode(Bolt11Invoice.of(Network.MAINNET, Optional.empty(), AT, HASH,
        "Please consider supporting this project"), KEY)).isEqualTo(DONATION);
  }

  @Test
  void coffeeFor2500MicroBitcoinWithOneMinuteExpiryDecodesAndReencodesExactly() {
    SignedBolt11 decoded = Bolt11Codec.decode(COFFEE);

    Bolt11Invoice invoice = decoded.invoice();
    assertThat(invoice.amount()).contains(Msat.of(250_000_000L));
    assertThat(invoice.description()).contains("1 cup coffee");
    assertThat(invoice.expiry()).contains(Duration.ofSeconds(60));
    assertThat(invoice.expiresAt()).isEqualTo(AT.plusSeconds(60));
    assertThat(decoded.payee()).isEqualTo(PAYEE);
    assertThat(decoded.signature().recoveryId()).isEqualTo(1);

    Bolt11Invoice written = Bolt11Invoice.of(Network.MAINNET, Optional.of(Msat.of(250_000_000L)), AT, HASH, "1 cup coffee")
        .withExpiry(Duration.ofSeconds(60));
    assertThat(written).isEqualTo(invoice);
    assertThat(Bolt11Codec.encode(written, KEY)).isEqualTo(COFFEE);
  }

  @Test
  void nonAsciiDescriptionDecodesAndReencodesExactly() {
    Bolt11Invoice invoice = Bolt11Codec.decode(NONSENSE).invoice();

    assertThat(invoice.description()).contains("ナンセンス 1杯");
    assertThat(Bolt11Codec.encode(invoice, KEY)).isEqualTo(NONSENSE);
  }

  @Test
  void hashedDescriptionDecodesAndReencodesExactly() throws Exception {
    SignedBolt11 decoded = Bolt11Codec.decode(HASHED);

    byte[] expected = MessageDigest.getInstance("SHA-256").digest(HASHED_DESCRIPTION.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.invoice().amount()).contains(Msat.of(2_000_000_000L));
    assertThat(decoded.invoice().description()).isEmpty();
    assertThat(decoded.invoice().descriptionHash()).contains(HexFormat.of().formatHex(expected));
    assertThat(decoded.payee()).isEqualTo(PAYEE);
    assertThat(Bolt11Codec.encode(decoded.invoice(), KEY)).isEqualTo(HASHED);
  }

  @Test
  void featuresAndPaymentSecretDecodeAndReencodeExactly() {
    SignedBolt11 decoded = Bolt11Codec.decode(COFFEE_BEANS);

    Bolt11Invoice invoice = decoded.invoice();
    assertThat(invoice.amount()).contains(Msat.of(2_500_000_000L));
    assertThat(invoice.description()).contains("coffee beans");
    assertThat(invoice.paymentSecret()).contains("11".repeat(32));
    assertThat(invoice.features()).isEqualTo(BigInteger.ZERO.setBit(9).setBit(15).setBit(99));
    assertThat(decoded.payee()).isEqualTo(PAYEE);

    Bolt11Invoice written = Bolt11Invoice.of(Network.MAINNET, Optional.of(Msat.of(2_500_000_000L)), AT, HASH, "coffee beans")
        .withPaymentSecret(HexFormat.of().parseHex("11".repeat(32)))
        .withFeatures(9, 15, 99);
    assertThat(Bolt11Codec.encode(written, KEY)).isEqualTo(COFFEE_BEANS);
  }

  @Test
  void upperCaseInvoiceReadsLikeItsLowerCaseForm() {
    SignedBolt11 upper = Bolt11Codec.decode(COFFEE_BEANS_UPPER_CASE);

    assertThat(upper.invoice()).isEqualTo(Bolt11Codec.decode(COFFEE_BEANS).invoice());
    assertThat(upper.text()).isEqualTo(COFFEE_BEANS);
  }

  @Test
  void unknownFieldsAndKnownFieldsOfTheWrongLengthAreSkipped() {
    SignedBolt11 decoded = Bolt11Codec.decode(COFFEE_BEANS_WITH_IGNORED_FIELDS);

    assertThat(decoded.invoice()).isEqualTo(Bolt11Codec.decode(COFFEE_BEANS).invoice());
    assertThat(decoded.payee()).isEqualTo(PAYEE);
  }

  @Test
  void picoBitcoinAmountWithExpiryCltvAndRouteDecodes() {
    SignedBolt11 decoded = Bolt11Codec.decode(PICO_AMOUNT);

    Bolt11Invoice invoice = decoded.invoice();
    assertThat(invoice.amount()).contains(Msat.of(967_878_534L));
    assertThat(invoice.timestamp()).isEqualTo(Instant.ofEpochSecond(1572468703L));
    assertThat(invoice.paymentHash()).isEqualTo(
        new PaymentHash("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f"));
    assertThat(invoice.description()).contains("Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, "
        + "\"Back In My Day\" Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items");
    assertThat(invoice.expiry()).contains(Duration.ofSeconds(604800));
    assertThat(invoice.minFinalCltvExpiry()).contains(10L);
    assertThat(decoded.payee()).isEqualTo(PAYEE);
  }

  @ParameterizedTest
  @ValueSource(strings = {ROUTING_INFO, P2SH_FALLBACK, P2WPKH_FALLBACK, P2WSH_FALLBACK})
  void mainnetInvoicesWithFallbackAddressesAndRoutesDecode(String text) {
    SignedBolt11 decoded = Bolt11Codec.decode(text);

    assertThat(decoded.invoice().network()).isEqualTo(Network.MAINNET);
    assertThat(decoded.invoice().amount()).contains(Msat.of(2_000_000_000L));
    assertThat(decoded.invoice().paymentHash()).isEqualTo(HASH);
    assertThat(decoded.invoice().descriptionHash()).isPresent();
    assertThat(decoded.payee()).isEqualTo(PAYEE);
  }

  @Test
  void testnetInvoiceDecodes() {
    SignedBolt11 decoded = Bolt11Codec.decode(TESTNET_FALLBACK);

    assertThat(decoded.invoice().network()).isEqualTo(Network.TESTNET);
    assertThat(decoded.invoice().amount()).contains(Msat.of(2_000_000_000L));
    assertThat(decoded.payee()).isEqualTo(PAYEE);
  }

  @Test
  void anUnknownCompulsoryFeatureIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(UNKNOWN_COMPULSORY_FEATURE))
        .isInstanceOf(Bolt11FormatException.class).hasMessageContaining("feature 100");
  }

  @Test
  void aWrongChecksumIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(BAD_CHECKSUM))
        .isInstanceOf(Bolt11FormatException.class).hasMessageContaining("checksum");
  }

  @Test
  void textWithoutSeparatorIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(NO_SEPARATOR)).isInstanceOf(Bolt11FormatException.class);
  }

  @Test
  void mixedCaseIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(MIXED_CASE))
        .isInstanceOf(Bolt11FormatException.class).hasMessageContaining("mixed");
  }

  @Test
  void anUnrecoverableSignatureIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(NOT_RECOVERABLE))
        .isInstanceOf(Bolt11FormatException.class).hasMessageContaining("not recoverable");
  }

  @Test
  void aDataPartTooShortForTheSignatureIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(TOO_SHORT)).isInstanceOf(Bolt11FormatException.class);
  }

  @Test
  void anUnknownMultiplierIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(INVALID_MULTIPLIER))
        .isInstanceOf(Bolt11FormatException.class).hasMessageContaining("multiplier");
  }

  @Test
  void aSubMillisatoshiAmountIsRefused() {
    assertThatThrownBy(() -> Bolt11Codec.decode(SUB_MILLISATOSHI))
        .isInstanceOf(Bolt11FormatException.class).hasMessageContaining("millisatoshi");
  }
}
