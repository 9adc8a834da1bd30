package dev.payql.api.marketdata;

import dev.payql.api.marketdata.data.Asset;
import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.MarketData;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.api.marketdata.data.Ticker;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A small market data set in memory: two exchanges, three markets, ten one-minute candles each. */
public class InMemoryMarketData implements MarketData {

  public static final Instant FIRST_CANDLE = Instant.parse("2024-05-01T12:00:00Z");

  private final List<Asset> assets = List.of(
      new Asset("BTC", "Bitcoin"), new Asset("LTC", "Litecoin"), new Asset("USDT", "Tether"),
      new Asset("USD", "US Dollar"));
  private final List<Exchange> exchanges = List.of(
      new Exchange("Binance", "Binance", "MT"), new Exchange("Kraken", "Kraken", "US"));
  private final List<Market> markets = List.of(
      new Market("Binance:LTC/BTC", "Binance", "LTC", "BTC"),
      new Market("Binance:BTC/USDT", "Binance", "BTC", "USDT"),
      new Market("Kraken:BTC/USD", "Kraken", "BTC", "USD"));

  @Override
  public List<Asset> assets() {
    return assets;
  }

  @Override
  public Optional<Asset> asset(String assetSymbol) {
    return assets.stream().filter(a -> a.assetSymbol().equalsIgnoreCase(assetSymbol)).findFirst();
  }

  @Override
  public List<Exchange> exchanges() {
    return exchanges;
  }

  @Override
  public Optional<Exchange> exchange(String exchangeSymbol) {
    return exchanges.stream().filter(e -> e.exchangeSymbol().equalsIgnoreCase(exchangeSymbol)).findFirst();
  }

  @Override
  public List<Market> markets(Optional<String> exchangeSymbol) {
    return markets.stream()
        .filter(m -> exchangeSymbol.map(s -> m.exchangeSymbol().equalsIgnoreCase(s)).orElse(true))
        .toList();
  }

  @Override
  public Optional<Market> market(String exchangeSymbol, String baseSymbol, String quoteSymbol) {
    return markets.stream()
        .filter(m -> m.exchangeSymbol().equalsIgnoreCase(exchangeSymbol)
            && m.baseSymbol().equalsIgnoreCase(baseSymbol)
            && m.quoteSymbol().equalsIgnoreCase(quoteSymbol))
        .findFirst();
  }

  @Override
  public Optional<Ticker> ticker(String marketSymbol) {
    if (!marketSymbol.equalsIgnoreCase("Binance:LTC/BTC")) {
      return Optional.empty();
    }
    return Optional.of(new Ticker(new BigDecimal("0.00123"), new BigDecimal("-1.5"), new BigDecimal("0.0012"),
        new BigDecimal("0.00125"), new BigDecimal("1000"), new BigDecimal("1.23")));
  }

  @Override
  public List<Candle> candles(String marketSymbol, Resolution resolution, Optional<Instant> start, int limit) {
    List<Candle> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      BigDecimal price = BigDecimal.valueOf(100 + i);
      all.add(new Candle(FIRST_CANDLE.plus(resolution.width().multipliedBy(i)), price, price.add(BigDecimal.ONE),
          price.subtract(BigDecimal.ONE), price, BigDecimal.TEN));
    }
    if (start.isPresent()) {
      return all.stream().filter(c -> !c.start().isBefore(start.get())).limit(limit).toList();
    }
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }
}
