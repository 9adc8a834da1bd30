package dev.payql.domain.purchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OneTimeKeyTest {

  private static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  /** A random source that hands out 0, 1, 2, …: enough to see which bytes became the key. */
  private static final class CountingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private int next;

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) next++;
      }
    }
  }

  @Test
  void aGeneratedKeyIsThirtyTwoBytesFromTheRandomSourceAsSixtyFourLowercaseHex() {
    OneTimeKey key = OneTimeKey.generate(new CountingRandom());

    assertThat(key.reveal()).isEqualTo(KEY);
  }

  @Test
  void aKeyGeneratedFromARealSecureRandomIsSixtyFourLowercaseHex() {
    assertThat(OneTimeKey.generate(new SecureRandom()).reveal()).matches("[0-9a-f]{64}");
  }

  @Test
  void twoGeneratedKeysDiffer() {
    SecureRandom random = new SecureRandom();

    OneTimeKey first = OneTimeKey.generate(random);
    OneTimeKey second = OneTimeKey.generate(random);

    assertThat(first).isNotEqualTo(second);
    assertThat(first.reveal()).isNotEqualTo(second.reveal());
    assertThat(first.digest()).isNotEqualTo(second.digest());
  }

  @Test
  void parseReadsSixtyFourHexCharactersBackToTheSameKey() {
    OneTimeKey generated = OneTimeKey.generate(new SecureRandom());

    assertThat(OneTimeKey.parse(generated.reveal())).isEqualTo(generated);
  }

  @Test
  void parseIgnoresHexCase() {
    OneTimeKey upper = OneTimeKey.parse(KEY.toUpperCase());

    assertThat(upper).isEqualTo(OneTimeKey.parse(KEY)).hasSameHashCodeAs(OneTimeKey.parse(KEY));
    assertThat(upper.reveal()).isEqualTo(KEY);
    assertThat(OneTimeKey.isWellFormed(KEY.toUpperCase())).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",   // 63
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0", // 65
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g",  // not hex
      " 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", // padded
      "Bearer 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "sk_live_thisLooksLikeSomeoneElsesSecret"
  })
  void parseRefusesAnythingElseWithoutEchoingIt(String text) {
    Throwable refused = catchThrowable(() -> OneTimeKey.parse(text));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessage("an API key is 64 hex characters");
    if (text != null && !text.isEmpty()) {
      assertThat(refused.getMessage()).doesNotContain(text);
      assertThat(refused.getMessage()).doesNotContain(text.substring(0, Math.min(8, text.length())));
    }
    assertThat(OneTimeKey.isWellFormed(text)).isFalse();
  }

  @Test
  void theDigestIsTheSha256OfTheThirtyTwoRawKeyBytesNotOfTheHexText() throws Exception {
    byte[] raw = HexFormat.of().parseHex(KEY);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));

    assertThat(OneTimeKey.parse(KEY).digest()).isEqualTo(new KeyDigest(expected));
  }

  @Test
  void theDigestOfTheAllZeroKeyIsTheKnownSha256Vector() {
    assertThat(OneTimeKey.parse("0".repeat(64)).digest().hex())
        .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
  }

  @Test
  void toStringNeverContainsTheKey() {
    OneTimeKey key = OneTimeKey.parse(KEY);

    assertThat(key.toString())
        .doesNotContain(KEY)
        .doesNotContain(KEY.substring(0, 8))
        .doesNotContain(KEY.substring(56));
  }

  @Test
  void generateNeedsARandomSource() {
    assertThatThrownBy(() -> OneTimeKey.generate(null)).isInstanceOf(NullPointerException.class);
  }
}
