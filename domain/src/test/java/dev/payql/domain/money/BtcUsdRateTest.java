package dev.payql.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BtcUsdRateTest {

  private static final Instant OBSERVED = Instant.parse("2026-03-01T12:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.00", "-1", "-60000"})
  void aRateMustBePositive(String usdPerBtc) {
    assertThatThrownBy(() -> BtcUsdRate.of(new BigDecimal(usdPerBtc), OBSERVED, "fixed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void aPositiveRateIsKeptAsGiven() {
    BtcUsdRate rate = BtcUsdRate.of(new BigDecimal("0.01"), OBSERVED, "kraken", "coinbase");

    assertThat(rate.usdPerBtc()).isEqualByComparingTo("0.01");
    assertThat(rate.observedAt()).isEqualTo(OBSERVED);
    assertThat(rate.sources()).containsExactly("kraken", "coinbase");
  }

  @Test
  void bothPartsAreRequired() {
    assertThatThrownBy(() -> BtcUsdRate.of(null, OBSERVED, "fixed")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> BtcUsdRate.of(BigDecimal.ONE, null, "fixed")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRateNamesWhereItCameFrom() {
    assertThatThrownBy(() -> BtcUsdRate.of(BigDecimal.ONE, OBSERVED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sources");
    assertThatThrownBy(() -> BtcUsdRate.of(BigDecimal.ONE, OBSERVED, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sources");
  }
}
