package dev.payql.domain.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Bolt11Test {

  static final String REGTEST_INVOICE =
      "lnbcrt210n1pjq8z5xpp5qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqsdqqcqzzs";

  @ParameterizedTest
  @ValueSource(strings = {
      REGTEST_INVOICE,
      "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypq",
      "lntb20m1pvjluezhp58yjmdan79s6qqdhdzgynm4zwqd5d7xmw5fk98klysy043l2ahrqs"
  })
  void lowercaseLnPrefixedBech32TextIsAPaymentRequest(String text) {
    assertThat(new Bolt11(text).text()).isEqualTo(text);
    assertThat(new Bolt11(text)).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "lnbc",                         // no separator, no data
      "lnbc1",                        // no data
      "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", // a bitcoin address, not an invoice
      "LNBCRT210N1PJQ8Z5X",           // upper case must go through parse
      "lnbc1pvjluezbad",              // 'b' is not in the bech32 data alphabet
      "lnbc1pvjluez pp5",             // whitespace inside
      "lightning:lnbc1pvjluez"        // URI scheme must go through parse
  })
  void textOfAnyOtherShapeIsRefused(String text) {
    assertThatThrownBy(() -> new Bolt11(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BOLT11");
  }

  @Test
  void aPaymentRequestMayBeAsLongAsTheNodesAccept() {
    String longest = "lnbc1" + "q".repeat(Bolt11.MAX_LENGTH - 5);

    assertThat(new Bolt11(longest).text()).hasSize(7089);
  }

  @Test
  void oneCharacterMoreIsRefused() {
    String tooLong = "lnbc1" + "q".repeat(Bolt11.MAX_LENGTH - 4);

    assertThatThrownBy(() -> new Bolt11(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 7089");
  }

  @Test
  void aMissingTextIsRefused() {
    assertThatThrownBy(() -> new Bolt11(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Bolt11.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      REGTEST_INVOICE,
      "LNBCRT210N1PJQ8Z5XPP5QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQSDQQCQZZS",
      "lightning:" + REGTEST_INVOICE,
      "LIGHTNING:LNBCRT210N1PJQ8Z5XPP5QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQSDQQCQZZS",
      "Lightning:" + REGTEST_INVOICE,
      "  " + REGTEST_INVOICE + "\n"
  })
  void parseAcceptsWhatWalletsAndQrCodesWriteAndStoresItInLowerCase(String written) {
    assertThat(Bolt11.parse(written)).isEqualTo(new Bolt11(REGTEST_INVOICE));
  }

  @Test
  void parseStillRefusesWhatIsNotAPaymentRequest() {
    assertThatThrownBy(() -> Bolt11.parse("lightning:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bolt11.parse("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
