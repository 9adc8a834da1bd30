package dev.payql.adapter.rates;

import dev.payql.adapter.rates.fake.TickerAnswers;
import dev.payql.adapter.rates.fake.TickerServer;
import dev.payql.ports.out.rates.ExchangeRates;
import dev.payql.ports.out.rates.ExchangeRatesContract;
import dev.payql.ports.testing.MutableClock;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** The polled rates keep the port's contract, with their sources as local servers. */
class PolledExchangeRatesContractTest extends ExchangeRatesContract {

  private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  private PolledExchangeRates polledOnce(boolean sourcesAnswer) {
    Map<String, URI> urls = new LinkedHashMap<>();
    for (TickerSource source : List.of(new KrakenTicker(), new BitstampTicker(), new CoinGeckoSimplePrice())) {
      try {
        TickerServer server = new TickerServer(source.path());
        opened.add(server);
        if (sourcesAnswer) {
          server.answer(TickerAnswers.answer(source.name(), new BigDecimal("97214.1"), clock.instant()));
        } else {
          server.answer(503, "");
        }
        urls.put(source.name(), server.baseUrl());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    PolledExchangeRates rates = new PolledExchangeRates(new RateSettings(urls, Duration.ofSeconds(30),
        Duration.ofMinutes(3), Duration.ofSeconds(2), new BigDecimal("0.03"), 2), clock);
    opened.add(rates);
    rates.pollAll();
    return rates;
  }

  @Override
  protected ExchangeRates ratesWithAFreshRate() {
    return polledOnce(true);
  }

  @Override
  protected Clock clock() {
    return clock;
  }

  @Override
  protected Optional<ExchangeRates> ratesWithNothingFresh() {
    return Optional.of(polledOnce(false));
  }
}
