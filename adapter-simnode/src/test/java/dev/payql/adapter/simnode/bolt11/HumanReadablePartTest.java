package dev.payql.adapter.simnode.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.Msat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanReadablePartTest {

  @ParameterizedTest(name = "{0} msat is written {1}")
  @CsvSource({
      "1, lnbcrt10p",
      "150, lnbcrt1500p",
      "1000, lnbcrt10n",
      "21000, lnbcrt210n",
      "100000, lnbcrt1u",
      "250000000, lnbcrt2500u",
      "2000000000, lnbcrt20m",
      "100000000000, lnbcrt1",
      "2100000000000000, lnbcrt21000"})
  void amountsUseTheLargestMultiplierThatKeepsThemWhole(long msat, String expected) {
    HumanReadablePart hrp = new HumanReadablePart(Network.REGTEST, Optional.of(Msat.of(msat)));

    assertThat(hrp.format()).isEqualTo(expected);
    assertThat(HumanReadablePart.parse(expected)).isEqualTo(hrp);
  }

  @Test
  void everyNetworkPrefixIsRecognised() {
    assertThat(HumanReadablePart.parse("lnbc").network()).isEqualTo(Network.MAINNET);
    assertThat(HumanReadablePart.parse("lntb20m").network()).isEqualTo(Network.TESTNET);
    assertThat(HumanReadablePart.parse("lntbs1u").network()).isEqualTo(Network.SIGNET);
    assertThat(HumanReadablePart.parse("lnbcrt").network()).isEqualTo(Network.REGTEST);
    assertThat(HumanReadablePart.parse("lnbcrt").amount()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bc2500u", "lnxy2500u", "lnbc2500x", "lnbc25.5u", "lnbcm", "lnbc0", "lnbc0u",
      "lnbc2500000001p", "lnbc99999999999999999999", "lnbc1000000000000000000000000000000"})
  void malformedUnknownZeroSubMillisatoshiAndOversizedAmountsAreRefused(String hrp) {
    assertThatThrownBy(() -> HumanReadablePart.parse(hrp)).isInstanceOf(Bolt11FormatException.class);
  }
}
