package dev.payql.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.ports.out.rates.ExchangeRates;
import dev.payql.ports.out.rates.ExchangeRatesContract;
import dev.payql.ports.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configured rate keeps the port's contract; it cannot go stale, so it has no unavailable state. */
class FixedExchangeRatesTest extends ExchangeRatesContract {

  private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");

  @Override
  protected ExchangeRates ratesWithAFreshRate() {
    return new FixedExchangeRates(new BigDecimal("60000"), clock);
  }

  @Override
  protected Clock clock() {
    return clock;
  }

  @Test
  void theFixedRateIsNamedFixedAndDatedAtStartHoweverLongPayqlRuns() {
    ExchangeRates rates = ratesWithAFreshRate();
    clock.advance(Duration.ofDays(400));

    assertThat(rates.btcUsd().sources()).containsExactly("fixed");
    assertThat(rates.btcUsd().observedAt()).isEqualTo(clock.instant().minus(Duration.ofDays(400)));
    assertThat(rates.btcUsd().usdPerBtc()).isEqualByComparingTo("60000");
  }
}
