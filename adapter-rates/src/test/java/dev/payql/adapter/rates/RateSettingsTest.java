package dev.payql.adapter.rates;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateSettingsTest {

  private static final Map<String, URI> TWO = Map.of("kraken", URI.create("https://api.kraken.com"),
      "bitstamp", URI.create("https://www.bitstamp.net"));

  @Test
  void anUnknownSourceIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> new RateSettings(Map.of("binance", URI.create("https://api.binance.com")),
        Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofSeconds(5), new BigDecimal("0.03"), 1))
        .hasMessageContaining("binance").hasMessageContaining("kraken, coinbase, bitstamp, coingecko");
  }

  @Test
  void aStalenessLimitNoLongerThanThePollIntervalIsRefused() {
    assertThatThrownBy(() -> new RateSettings(TWO, Duration.ofMinutes(3), Duration.ofMinutes(3), Duration.ofSeconds(5),
        new BigDecimal("0.03"), 1)).hasMessageContaining("longer than the poll interval");
  }

  @Test
  void moreRequiredSourcesThanConfiguredAreRefused() {
    assertThatThrownBy(() -> new RateSettings(TWO, Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofSeconds(5),
        new BigDecimal("0.03"), 3)).hasMessageContaining("between 1 and the 2");
  }

  @Test
  void noSourcesOrNoDeviationIsRefused() {
    assertThatThrownBy(() -> new RateSettings(Map.of(), Duration.ofSeconds(30), Duration.ofMinutes(3),
        Duration.ofSeconds(5), new BigDecimal("0.03"), 1)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new RateSettings(TWO, Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofSeconds(5),
        BigDecimal.ZERO, 1)).hasMessageContaining("deviation");
  }
}
