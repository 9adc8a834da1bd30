package dev.payql.adapter.rates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One public BTC/USD ticker: where it lives and how to read its answer. Each implementation follows
 * that source's own response format; a base URL from the configuration replaces the public one (a
 * proxy, or a local server in tests), the path stays.
 */
sealed interface TickerSource permits KrakenTicker, CoinbaseSpotPrice, BitstampTicker, CoinGeckoSimplePrice {

  /** Every source PayQL can read, by its configuration name. */
  List<TickerSource> ALL = List.of(new KrakenTicker(), new CoinbaseSpotPrice(), new BitstampTicker(),
      new CoinGeckoSimplePrice());

  static Optional<TickerSource> named(String name) {
    return ALL.stream().filter(source -> source.name().equalsIgnoreCase(name.strip())).findFirst();
  }

  /** Lower case; the name the configuration, the logs and the invoice answer's {@code rate.sources} use. */
  String name();

  URI publicBaseUrl();

  /** Path and query of the BTC/USD ticker, relative to the base URL. */
  String path();

  /** @throws UnusableTickerException when the answer carries no price to trust */
  TickerReading read(JsonNode answer);
}
