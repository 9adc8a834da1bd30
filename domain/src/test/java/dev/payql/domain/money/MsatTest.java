package dev.payql.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MsatTest {

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void aNegativeAmountCannotExist(long value) {
    assertThatThrownBy(() -> new Msat(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, Long.MAX_VALUE})
  void zeroAndPositiveAmountsExist(long value) {
    assertThat(Msat.of(value).value()).isEqualTo(value);
  }

  @Test
  void oneSatoshiIsAThousandMillisatoshi() {
    assertThat(Msat.ofSat(21)).isEqualTo(Msat.of(21_000));
    assertThat(Msat.ofSat(0)).isEqualTo(Msat.ZERO);
  }

  @Test
  void satoshiThatOverflowALongAreAnArithmeticErrorNotAWrappedAmount() {
    long tooMany = Long.MAX_VALUE / 1000 + 1;

    assertThat(Msat.ofSat(Long.MAX_VALUE / 1000).value()).isEqualTo(Long.MAX_VALUE / 1000 * 1000);
    assertThatThrownBy(() -> Msat.ofSat(tooMany)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void negativeSatoshiAreRefused() {
    assertThatThrownBy(() -> Msat.ofSat(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plusAddsAmounts() {
    assertThat(Msat.of(1_500).plus(Msat.of(2_500))).isEqualTo(Msat.of(4_000));
  }

  @Test
  void plusThatOverflowsIsAnArithmeticError() {
    assertThatThrownBy(() -> Msat.of(Long.MAX_VALUE).plus(Msat.of(1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void timesMultipliesAnAmount() {
    assertThat(Msat.of(1_000).times(7)).isEqualTo(Msat.of(7_000));
    assertThat(Msat.of(1_000).times(0)).isEqualTo(Msat.ZERO);
  }

  @Test
  void timesThatOverflowsIsAnArithmeticError() {
    assertThatThrownBy(() -> Msat.of(Long.MAX_VALUE / 2 + 1).times(2))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void timesANegativeFactorIsRefusedBecauseTheResultWouldBeNegative() {
    assertThatThrownBy(() -> Msat.of(1).times(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} msat pay as {1} sat")
  @CsvSource({"0,0", "1,1", "999,1", "1000,1", "1001,2", "21000,21", "21001,22"})
  void satRoundedUpIsWhatAWalletWithoutMillisatoshiMustPay(long msat, long sat) {
    assertThat(Msat.of(msat).satRoundedUp()).isEqualTo(sat);
  }

  @Test
  void satRoundedUpOfTheLargestAmountDoesNotOverflow() {
    assertThat(Msat.of(Long.MAX_VALUE).satRoundedUp()).isEqualTo(Long.MAX_VALUE / 1000 + 1);
  }

  @Test
  void amountsCompareByValue() {
    assertThat(Msat.of(2)).isGreaterThan(Msat.of(1));
    assertThat(Msat.of(2).isGreaterThan(Msat.of(1))).isTrue();
    assertThat(Msat.of(1).isGreaterThan(Msat.of(1))).isFalse();
    assertThat(Msat.of(1).compareTo(Msat.of(1))).isZero();
  }

  @Test
  void oneBitcoinIsTenToTheElevenMillisatoshi() {
    assertThat(Msat.PER_BTC).isEqualTo(100_000_000_000L);
  }

  @Test
  void printsWithItsUnit() {
    assertThat(Msat.of(21_000)).hasToString("21000 msat");
  }
}
