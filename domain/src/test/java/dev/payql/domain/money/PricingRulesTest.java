package dev.payql.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricingRulesTest {

  private static final BtcUsdRate RATE = BtcUsdRate.of(new BigDecimal("60000"), Instant.parse("2026-03-01T12:00:00Z"),
      "fixed");

  /** 5 sat + 2 sat per unit, between 10 sat and 100 sat, weight up to 1000. */
  private static final PricingRules RULES =
      new PricingRules(Msat.ofSat(5), Msat.ofSat(2), Msat.ofSat(10), Msat.ofSat(100), 1_000);

  @Test
  void aMinimumOfZeroIsRefusedBecauseAZeroAmountInvoiceLetsThePayerChooseTheAmount() {
    assertThatThrownBy(() -> new PricingRules(Msat.ZERO, Msat.of(1), Msat.ZERO, Msat.of(10), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 msat");
  }

  @Test
  void aMinimumOfOneMillisatoshiIsAllowed() {
    assertThat(new PricingRules(Msat.ZERO, Msat.ZERO, Msat.of(1), Msat.of(1), 1).priceOf(0, RATE).msat()).isEqualTo(Msat.of(1));
  }

  @Test
  void aMinimumAboveTheMaximumIsRefused() {
    assertThatThrownBy(() -> new PricingRules(Msat.ZERO, Msat.of(1), Msat.of(11), Msat.of(10), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above maximum");
  }

  @Test
  void aMinimumEqualToTheMaximumIsAFixedPrice() {
    PricingRules fixed = new PricingRules(Msat.ZERO, Msat.ofSat(1), Msat.ofSat(3), Msat.ofSat(3), 100);

    assertThat(fixed.priceOf(0, RATE).msat()).isEqualTo(Msat.ofSat(3));
    assertThat(fixed.priceOf(100, RATE).msat()).isEqualTo(Msat.ofSat(3));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void aMaximumWeightBelowOneIsRefused(long maxWeight) {
    assertThatThrownBy(() -> new PricingRules(Msat.ZERO, Msat.of(1), Msat.of(1), Msat.of(10), maxWeight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum weight");
  }

  @Test
  void everyAmountIsRequired() {
    Msat one = Msat.of(1);
    assertThatThrownBy(() -> new PricingRules(null, one, one, one, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PricingRules(one, null, one, one, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PricingRules(one, one, null, one, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PricingRules(one, one, one, null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PricingRules(null, one, one, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RULES.priceOf(1, null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "weight {0} allowed: {1}")
  @CsvSource({"-1,false", "0,true", "1,true", "1000,true", "1001,false"})
  void allowsWeightsFromZeroUpToTheMaximumWeight(long weight, boolean allowed) {
    assertThat(RULES.allows(weight)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "weight {0} costs {1} sat")
  @CsvSource({
      "3,   11",  // 5 + 2×3 = 11, inside the bounds
      "10,  25",
      "47,  99",
      "0,   10",  // 5 is below the minimum of 10
      "2,   10",  // 9 is below the minimum
      "48,  100", // 101 is above the maximum of 100
      "1000,100"
  })
  void thePriceIsBasePlusPerUnitTimesWeightHeldBetweenMinimumAndMaximum(long weight, long sat) {
    assertThat(RULES.priceOf(weight, RATE).msat()).isEqualTo(Msat.ofSat(sat));
  }

  @Test
  void aPriceThatWouldOverflowIsHeldAtTheMaximum() {
    PricingRules steep = new PricingRules(
        Msat.of(Long.MAX_VALUE / 2), Msat.of(Long.MAX_VALUE / 2), Msat.of(1), Msat.ofSat(50), Long.MAX_VALUE);

    assertThat(steep.priceOf(3, RATE).msat()).isEqualTo(Msat.ofSat(50));
    assertThat(steep.priceOf(Long.MAX_VALUE, RATE).msat()).isEqualTo(Msat.ofSat(50));
  }

  @Test
  void aBasePlusPerUnitSumThatOverflowsIsHeldAtTheMaximum() {
    PricingRules steep = new PricingRules(
        Msat.of(Long.MAX_VALUE), Msat.of(1), Msat.of(1), Msat.of(Long.MAX_VALUE), 10);

    assertThat(steep.priceOf(1, RATE).msat()).isEqualTo(Msat.of(Long.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(longs = {1001, Long.MAX_VALUE, -1})
  void aWeightOutsideTheAllowedRangeHasNoPrice(long weight) {
    assertThatThrownBy(() -> RULES.priceOf(weight, RATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight " + weight);
  }

  @Test
  void theDefaultsChargeOneSatPerUnitBetweenOneAndTenThousandSat() {
    PricingRules defaults = PricingRules.defaults();

    assertThat(defaults.priceOf(0, RATE).msat()).isEqualTo(Msat.ofSat(1));
    assertThat(defaults.priceOf(21, RATE).msat()).isEqualTo(Msat.ofSat(21));
    assertThat(defaults.priceOf(1_000, RATE).msat()).isEqualTo(Msat.ofSat(1_000));
    assertThat(defaults.allows(1_001)).isFalse();
  }

  /** $0.001 + $0.0005 per unit, between 1 sat and 10,000 sat. */
  private static final PricingRules IN_USD = new PricingRules(
      new Tariff.InUsd(new BigDecimal("0.001"), new BigDecimal("0.0005")), Msat.ofSat(1), Msat.ofSat(10_000), 1_000);

  @ParameterizedTest(name = "weight {0} at {1} USD/BTC costs {2} msat")
  @CsvSource({
      // $0.001 + $0.0005 × 4 = $0.003; at 60,000 USD/BTC that is 0.003 / 60000 BTC = 5,000 msat
      "4,   60000,  5000",
      // the same dollars buy fewer msat when bitcoin is dearer
      "4,   120000, 2500",
      // $0.0015 at 70,000 USD/BTC is 2,142.857… msat: rounded up, the seller never loses a msat
      "1,   70000,  2143",
      // $0.001 at 60,000 is 1,666.67 msat, above the 1 sat minimum
      "0,   60000,  1667",
      "999, 60000,  834167",
      // $0.5005 at 3,000 USD/BTC is 16,683,334 msat: above the 10,000 sat maximum, held there
      "999, 3000,   10000000"
  })
  void aTariffInUsdIsConvertedAtTheRateAndThenBounded(long weight, String usdPerBtc, long msat) {
    BtcUsdRate rate = BtcUsdRate.of(new BigDecimal(usdPerBtc), RATE.observedAt(), "kraken", "bitstamp");

    Price price = IN_USD.priceOf(weight, rate);

    assertThat(price.msat()).isEqualTo(Msat.of(msat));
    // the USD shown is the msat amount at the same rate: the two agree whatever the rounding did
    assertThat(price).isEqualTo(Price.of(price.msat(), rate));
  }

  @Test
  void aTariffInUsdAtACollapsedRateIsHeldAtTheMaximumInsteadOfOverflowing() {
    BtcUsdRate absurd = BtcUsdRate.of(new BigDecimal("0.000000001"), RATE.observedAt(), "fixed");

    assertThat(IN_USD.priceOf(1_000, absurd).msat()).isEqualTo(Msat.ofSat(10_000));
  }

  @Test
  void aTariffInMsatDoesNotDependOnTheRateButItsUsdValueDoes() {
    BtcUsdRate dearer = BtcUsdRate.of(new BigDecimal("120000"), RATE.observedAt(), "fixed");

    assertThat(RULES.priceOf(3, dearer).msat()).isEqualTo(RULES.priceOf(3, RATE).msat());
    assertThat(RULES.priceOf(3, dearer).usd()).isEqualByComparingTo(RULES.priceOf(3, RATE).usd().multiply(BigDecimal.TWO));
  }

  @Test
  void negativeUsdPricesAreRefused() {
    assertThatThrownBy(() -> new Tariff.InUsd(new BigDecimal("-0.01"), BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> new Tariff.InUsd(BigDecimal.ZERO, new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }
}
