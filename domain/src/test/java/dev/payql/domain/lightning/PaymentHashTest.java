package dev.payql.domain.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentHashTest {

  private static final String HASH = "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925";

  @Test
  void sixtyFourLowercaseHexCharactersAreAPaymentHash() {
    assertThat(new PaymentHash(HASH).hex()).isEqualTo(HASH);
    assertThat(new PaymentHash(HASH)).hasToString(HASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f292",    // 63
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f29250",  // 65
      "66687AADF862BD776C8FC18B8E9F8E20089714856EE233B3902A591D0D5F2925",   // upper case
      "g6687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",   // not hex
      " 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"   // padded
  })
  void anythingElseIsNotAPaymentHash(String text) {
    assertThatThrownBy(() -> new PaymentHash(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex");
  }

  @Test
  void aMissingHashIsRefused() {
    assertThatThrownBy(() -> new PaymentHash(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ofHexAcceptsUpperCaseAndStoresLowerCase() {
    assertThat(PaymentHash.ofHex(HASH.toUpperCase())).isEqualTo(new PaymentHash(HASH));
  }

  @Test
  void ofHexStillRefusesWhatIsNotHex() {
    assertThatThrownBy(() -> PaymentHash.ofHex("xyz")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thirtyTwoBytesMakeAPaymentHashAndReadBackTheSame() {
    byte[] bytes = HexFormat.of().parseHex(HASH);

    PaymentHash hash = PaymentHash.of(bytes);

    assertThat(hash.hex()).isEqualTo(HASH);
    assertThat(hash.bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void anyOtherNumberOfBytesIsRefused(int length) {
    assertThatThrownBy(() -> PaymentHash.of(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
