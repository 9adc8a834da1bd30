package dev.payql.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricingRulesTest {

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
    assertThat(new PricingRules(Msat.ZERO, Msat.ZERO, Msat.of(1), Msat.of(1), 1).priceOf(0)).isEqualTo(Msat.of(1));
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

    assertThat(fixed.priceOf(0)).isEqualTo(Msat.ofSat(3));
    assertThat(fixed.priceOf(100)).isEqualTo(Msat.ofSat(3));
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
    assertThat(RULES.priceOf(weight)).isEqualTo(Msat.ofSat(sat));
  }

  @Test
  void aPriceThatWouldOverflowIsHeldAtTheMaximum() {
    PricingRules steep = new PricingRules(
        Msat.of(Long.MAX_VALUE / 2), Msat.of(Long.MAX_VALUE / 2), Msat.of(1), Msat.ofSat(50), Long.MAX_VALUE);

    assertThat(steep.priceOf(3)).isEqualTo(Msat.ofSat(50));
    assertThat(steep.priceOf(Long.MAX_VALUE)).isEqualTo(Msat.ofSat(50));
  }

  @Test
  void aBasePlusPerUnitSumThatOverflowsIsHeldAtTheMaximum() {
    PricingRules steep = new PricingRules(
        Msat.of(Long.MAX_VALUE), Msat.of(1), Msat.of(1), Msat.of(Long.MAX_VALUE), 10);

    assertThat(steep.priceOf(1)).isEqualTo(Msat.of(Long.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(longs = {1001, Long.MAX_VALUE, -1})
  void aWeightOutsideTheAllowedRangeHasNoPrice(long weight) {
    assertThatThrownBy(() -> RULES.priceOf(weight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight " + weight);
  }

  @Test
  void theDefaultsChargeOneSatPerUnitBetweenOneAndTenThousandSat() {
    PricingRules defaults = PricingRules.defaults();

    assertThat(defaults.priceOf(0)).isEqualTo(Msat.ofSat(1));
    assertThat(defaults.priceOf(21)).isEqualTo(Msat.ofSat(21));
    assertThat(defaults.priceOf(1_000)).isEqualTo(Msat.ofSat(1_000));
    assertThat(defaults.allows(1_001)).isFalse();
  }
}
