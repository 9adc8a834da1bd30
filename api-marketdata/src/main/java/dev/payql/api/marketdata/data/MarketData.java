package dev.payql.api.marketdata.data;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read access to the market data set; all symbol arguments match case-insensitively. */
public interface MarketData {

  List<Asset> assets();

  Optional<Asset> asset(String assetSymbol);

  List<Exchange> exchanges();

  Optional<Exchange> exchange(String exchangeSymbol);

  /** The markets of one exchange, or of all exchanges when {@code exchangeSymbol} is empty. */
  List<Market> markets(Optional<String> exchangeSymbol);

  Optional<Market> market(String exchangeSymbol, String baseSymbol, String quoteSymbol);

  /** The 24-hour ticker of a market, as of its newest candle. */
  Optional<Ticker> ticker(String marketSymbol);

  /**
   * Candles of {@code resolution}, oldest first: the {@code limit} newest ones, or when
   * {@code start} is given the first {@code limit} starting at or after it.
   */
  List<Candle> candles(String marketSymbol, Resolution resolution, Optional<Instant> start, int limit);
}
