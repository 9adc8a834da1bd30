package dev.payql.ports.out.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.BtcUsdRate;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExchangeRates} adapter promises. A subclass says how to build the adapter with
 * a rate known, and, if it can be in that state, with no rate fresh enough.
 */
public abstract class ExchangeRatesContract {

  /** An adapter that knows a rate now. */
  protected abstract ExchangeRates ratesWithAFreshRate();

  /** The clock the adapter judges time by. */
  protected abstract Clock clock();

  /** An adapter whose every source is stale or failing, if it can be in that state. */
  protected Optional<ExchangeRates> ratesWithNothingFresh() {
    return Optional.empty();
  }

  @Test
  void aKnownRateIsPositiveAndNamesItsSources() {
    BtcUsdRate rate = ratesWithAFreshRate().btcUsd();

    assertThat(rate.usdPerBtc()).isPositive();
    assertThat(rate.sources()).isNotEmpty().doesNotHaveDuplicates();
  }

  @Test
  void aRateIsNeverObservedInTheFuture() {
    assertThat(ratesWithAFreshRate().btcUsd().observedAt()).isBeforeOrEqualTo(clock().instant());
  }

  @Test
  void askingTwiceWithNothingNewGivesTheSameRate() {
    ExchangeRates rates = ratesWithAFreshRate();

    assertThat(rates.btcUsd()).isEqualTo(rates.btcUsd());
  }

  @Test
  void withNothingFreshTheAdapterRefusesWithARetryTimeInsteadOfAnsweringAnOldRate() {
    Optional<ExchangeRates> stale = ratesWithNothingFresh();
    if (stale.isEmpty()) {
      return; // this adapter cannot go stale (the fixed rate)
    }
    assertThatThrownBy(() -> stale.get().btcUsd())
        .isInstanceOfSatisfying(RateUnavailableException.class, e -> {
          assertThat(e.retryAfter()).isPositive();
          assertThat(e.getMessage()).isNotBlank();
        });
  }
}
