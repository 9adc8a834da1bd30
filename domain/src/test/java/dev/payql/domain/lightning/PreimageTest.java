package dev.payql.domain.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreimageTest {

  /** SHA-256 of 32 zero bytes, a well-known test vector. */
  private static final String SHA256_OF_32_ZERO_BYTES =
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925";

  private static byte[] counting() {
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i + 1);
    }
    return bytes;
  }

  @Test
  void thePaymentHashIsTheSha256OfThePreimage() {
    assertThat(Preimage.of(new byte[32]).paymentHash()).isEqualTo(new PaymentHash(SHA256_OF_32_ZERO_BYTES));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33})
  void aPreimageIsExactlyThirtyTwoBytes(int length) {
    assertThatThrownBy(() -> Preimage.of(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void hexRoundTripsInEitherCase() {
    String hex = HexFormat.of().formatHex(counting());

    assertThat(Preimage.ofHex(hex).hex()).isEqualTo(hex);
    assertThat(Preimage.ofHex(hex.toUpperCase())).isEqualTo(Preimage.of(counting()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "00", "zz", "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"})
  void hexThatIsNotThirtyTwoBytesIsRefused(String hex) {
    assertThatThrownBy(() -> Preimage.ofHex(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex");
  }

  @Test
  void toStringNeverPrintsTheSecret() {
    Preimage preimage = Preimage.of(counting());

    assertThat(preimage.toString())
        .doesNotContain(preimage.hex())
        .doesNotContain(preimage.hex().substring(0, 8))
        .doesNotContain(Arrays.toString(counting()));
  }

  @Test
  void laterChangesToTheCallersArrayDoNotChangeThePreimage() {
    byte[] bytes = counting();
    Preimage preimage = Preimage.of(bytes);

    bytes[0] = 99;
    preimage.bytes()[1] = 99;

    assertThat(preimage.bytes()).isEqualTo(counting());
  }

  @Test
  void preimagesAreEqualByContent() {
    assertThat(Preimage.of(counting())).isEqualTo(Preimage.of(counting()))
        .hasSameHashCodeAs(Preimage.of(counting()))
        .isNotEqualTo(Preimage.of(new byte[32]));
  }
}
