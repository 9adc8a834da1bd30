package dev.payql.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefundFeeLimitTest {

  @ParameterizedTest(name = "{1} % of {0} msat is at most {2} msat")
  @CsvSource({
      "1000,     5,   50",
      "1000,     0.5, 5",
      "21000,    5,   1050",
      "1,        5,   0",
      "1999,     1,   19",
      "1000,     100, 1000",
      "1000,     0,   0",
      "10000000, 2.5, 250000"
  })
  void theLimitIsAShareOfTheAmountRoundedDown(long amount, String percent, long expected) {
    assertThat(new RefundFeeLimit(new BigDecimal(percent)).maxFeeFor(Msat.of(amount))).isEqualTo(Msat.of(expected));
  }

  @Test
  void aOneSatRefundNeverCostsMoreThanOneSatHoweverGenerousTheOperator() {
    assertThat(new RefundFeeLimit(new BigDecimal("100")).maxFeeFor(Msat.ofSat(1))).isEqualTo(Msat.ofSat(1));
    assertThat(RefundFeeLimit.defaults().maxFeeFor(Msat.ofSat(1))).isEqualTo(Msat.of(50));
  }

  @Test
  void aShareOutside0To100PercentIsRefused() {
    assertThatThrownBy(() -> new RefundFeeLimit(new BigDecimal("-0.1"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RefundFeeLimit(new BigDecimal("100.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 100");
  }
}
