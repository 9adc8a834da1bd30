package dev.payql.ports.out.rates;

import dev.payql.ports.testing.MutableClock;
import dev.payql.ports.testing.SettableRates;
import dev.payql.ports.testing.TestPurchases;
import java.time.Clock;
import java.util.Optional;

/** The test double the service tests use keeps the port's contract too. */
class SettableRatesTest extends ExchangeRatesContract {

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  @Override
  protected ExchangeRates ratesWithAFreshRate() {
    return new SettableRates(TestPurchases.RATE);
  }

  @Override
  protected Clock clock() {
    return clock;
  }

  @Override
  protected Optional<ExchangeRates> ratesWithNothingFresh() {
    SettableRates rates = new SettableRates(TestPurchases.RATE);
    rates.goStale();
    return Optional.of(rates);
  }
}
