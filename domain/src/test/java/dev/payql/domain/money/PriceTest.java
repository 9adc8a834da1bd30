package dev.payql.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTest {

  private static BtcUsdRate usdPerBtc(String rate) {
    return BtcUsdRate.of(new BigDecimal(rate), Instant.parse("2026-03-01T12:00:00Z"), "fixed");
  }

  @Test
  void twentyOneSatAtSixtyThousandDollarsPerBitcoinCostOneCentAndAQuarter() {
    Price price = Price.of(Msat.ofSat(21), usdPerBtc("60000"));

    assertThat(price.msat()).isEqualTo(Msat.of(21_000));
    assertThat(price.usd()).isEqualTo(new BigDecimal("0.0126"));
  }

  @Test
  void oneBitcoinCostsTheRateInWholeDollarsWithoutAnExponent() {
    Price price = Price.of(Msat.of(Msat.PER_BTC), usdPerBtc("60000"));

    assertThat(price.usd()).isEqualTo(new BigDecimal("60000"));
    assertThat(price.usd().toString()).isEqualTo("60000");
  }

  @Test
  void nothingCostsZeroDollars() {
    assertThat(Price.of(Msat.ZERO, usdPerBtc("60000")).usd()).isEqualByComparingTo(BigDecimal.ZERO);
  }

  /**
   * One msat at R USD/BTC is R × 10^-11 USD, so the ninth decimal decides the rounding at eight
   * places. Half-even: exact halves go to the even neighbour (2.5 → 2, 3.5 → 4, 1.5 → 2).
   */
  @ParameterizedTest(name = "1 msat at {0} USD/BTC = {1} USD")
  @CsvSource({
      "2500, 0.00000002",
      "3500, 0.00000004",
      "1500, 0.00000002",
      "2501, 0.00000003",
      "2499, 0.00000002",
      "500,  0",
      "5000, 0.00000005"
  })
  void dollarsAreRoundedHalfEvenToEightPlaces(String rate, String expectedUsd) {
    assertThat(Price.of(Msat.of(1), usdPerBtc(rate)).usd()).isEqualByComparingTo(expectedUsd);
  }

  @Test
  void dollarsNeverCarryMoreThanEightPlaces() {
    BigDecimal usd = Price.of(Msat.of(7), usdPerBtc("12345.6789")).usd();

    assertThat(usd.scale()).isLessThanOrEqualTo(8);
    assertThat(usd).isEqualByComparingTo("0.00000086"); // 7 × 12345.6789e-11 = 8.64197523e-7
  }

  @Test
  void msatForDollarsIsTheExactInverseWhenTheAmountDividesEvenly() {
    assertThat(Price.msatFor(new BigDecimal("0.0126"), usdPerBtc("60000"))).isEqualTo(Msat.of(21_000));
  }

  @Test
  void msatForDollarsRoundsUpSoTheSellerNeverLosesAMillisatoshi() {
    // 0.01 USD at 60000 USD/BTC is 16666.67 msat
    assertThat(Price.msatFor(new BigDecimal("0.01"), usdPerBtc("60000"))).isEqualTo(Msat.of(16_667));
    // a hundred-millionth of a dollar is 0.0167 msat, still one msat
    assertThat(Price.msatFor(new BigDecimal("0.00000001"), usdPerBtc("60000"))).isEqualTo(Msat.of(1));
  }

  @Test
  void msatForZeroDollarsIsZero() {
    assertThat(Price.msatFor(BigDecimal.ZERO, usdPerBtc("60000"))).isEqualTo(Msat.ZERO);
  }

  /** -0.00000001 USD is -0.0167 msat, which rounds up to zero: the sign must be checked first. */
  @ParameterizedTest
  @ValueSource(strings = {"-0.01", "-0.00000001"})
  void msatForANegativeDollarAmountIsRefusedEvenWhenItRoundsToZero(String usd) {
    assertThatThrownBy(() -> Price.msatFor(new BigDecimal(usd), usdPerBtc("60000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void aNegativePriceCannotExist() {
    assertThatThrownBy(() -> new Price(Msat.of(1), new BigDecimal("-0.00000001")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void bothPartsOfAPriceAreRequired() {
    assertThatThrownBy(() -> new Price(null, BigDecimal.ONE)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Price(Msat.of(1), null)).isInstanceOf(NullPointerException.class);
  }
}
