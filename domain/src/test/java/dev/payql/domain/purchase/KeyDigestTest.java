package dev.payql.domain.purchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyDigestTest {

  private static final String DIGEST = "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925";

  @Test
  void sixtyFourLowercaseHexCharactersAreADigest() {
    assertThat(new KeyDigest(DIGEST).hex()).isEqualTo(DIGEST);
    assertThat(new KeyDigest(DIGEST)).hasToString(DIGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f292",
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f29250",
      "66687AADF862BD776C8FC18B8E9F8E20089714856EE233B3902A591D0D5F2925",
      "z6687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
  })
  void anythingElseIsRefused(String text) {
    assertThatThrownBy(() -> new KeyDigest(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex");
  }

  @Test
  void aMissingDigestIsRefused() {
    assertThatThrownBy(() -> new KeyDigest(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void thirtyTwoBytesMakeADigest() {
    assertThat(KeyDigest.of(HexFormat.of().parseHex(DIGEST))).isEqualTo(new KeyDigest(DIGEST));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20, 31, 33})
  void anyOtherNumberOfBytesIsRefused(int length) {
    assertThatThrownBy(() -> KeyDigest.of(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void theShortFormIsTheFirstSixteenHexCharacters() {
    assertThat(new KeyDigest(DIGEST).shortForm()).isEqualTo("66687aadf862bd77");
  }
}
