package dev.payql.ports.testing;

import dev.payql.domain.money.BtcUsdRate;
import dev.payql.ports.out.rates.ExchangeRates;
import dev.payql.ports.out.rates.RateUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A BTC/USD rate a test sets, or takes away to play "every source is stale". */
public final class SettableRates implements ExchangeRates {

  private final AtomicReference<BtcUsdRate> rate;

  public SettableRates(BtcUsdRate initial) {
    this.rate = new AtomicReference<>(initial);
  }

  public void set(BtcUsdRate next) {
    rate.set(next);
  }

  public void goStale() {
    rate.set(null);
  }

  @Override
  public BtcUsdRate btcUsd() {
    BtcUsdRate current = rate.get();
    if (current == null) {
      throw new RateUnavailableException("every test source is stale", Duration.ofSeconds(30));
    }
    return current;
  }
}
