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
    assertThatThrownBy(() -> new BtcUsdRate(new BigDecimal(usdPerBtc), OBSERVED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void aPositiveRateIsKeptAsGiven() {
    BtcUsdRate rate = new BtcUsdRate(new BigDecimal("0.01"), OBSERVED);

    assertThat(rate.usdPerBtc()).isEqualByComparingTo("0.01");
    assertThat(rate.observedAt()).isEqualTo(OBSERVED);
  }

  @Test
  void bothPartsAreRequired() {
    assertThatThrownBy(() -> new BtcUsdRate(null, OBSERVED)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new BtcUsdRate(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
  }
}
