package dev.payql.adapter.simnode.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BIP-173 "Test vectors" for bech32 (the original checksum constant). */
class Bech32Test {

  @ParameterizedTest
  @ValueSource(strings = {
      "A12UEL5L",
      "a12uel5l",
      "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
      "?1ezyfcl"})
  void validStringsDecodeAndEncodeBackToTheirLowerCaseForm(String text) {
    Bech32.Decoded decoded = Bech32.decode(text);

    assertThat(Bech32.encode(decoded.hrp(), decoded.data())).isEqualTo(text.toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      " 1nwldj5", // space in the human-readable part
      "\u007f1axkwrx", // DEL in the human-readable part
      "pzry9x0s0muk", // no separator
      "1pzry9x0s0muk", // empty human-readable part
      "x1b4n0q5v", // 'b' is not a data character
      "li1dgmt3", // checksum too short
      "A1G7SGD8", // checksum computed with an upper-case human-readable part
      "10a06t8", // empty human-readable part
      "1qzzfhee"}) // empty human-readable part
  void invalidStringsAreRefused(String text) {
    assertThatThrownBy(() -> Bech32.decode(text)).isInstanceOf(Bolt11FormatException.class);
  }

  @Test
  void textLongerThanBip173sNinetyCharactersIsAccepted() {
    byte[] groups = new byte[500];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = (byte) (i % 32);
    }

    String text = Bech32.encode("lnbcrt", groups);

    assertThat(text).hasSizeGreaterThan(90);
    assertThat(Bech32.decode(text).data()).isEqualTo(groups);
  }

  @Test
  void regroupingEightBitBytesToFiveBitGroupsAndBackIsLossless() {
    byte[] bytes = {(byte) 0xff, 0x00, 0x12, (byte) 0x80, 0x7f};

    byte[] groups = Bech32.regroup(bytes, 8, 5, true);

    assertThat(groups).hasSize(8);
    assertThat(Bech32.regroup(groups, 5, 8, false)).isEqualTo(bytes);
  }
}
