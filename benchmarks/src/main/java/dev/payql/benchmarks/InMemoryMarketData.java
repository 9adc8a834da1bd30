package dev.payql.benchmarks;

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
import java.util.Locale;
import java.util.Optional;

/**
 * A few assets, two exchanges and their markets held in memory, so that the engine benchmark
 * measures the engine and not a database. Symbols match case-insensitively, as the port requires.
 * Every market has the same flat ticker and one candle per resolution interval from {@link #EPOCH}.
 */
final class InMemoryMarketData implements MarketData {

  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final int CANDLES_PER_RESOLUTION = 1_000;

  private final List<Asset> assets = List.of(
      new Asset("BTC", "Bitcoin"), new Asset("LTC", "Litecoin"), new Asset("ETH", "Ether"),
      new Asset("USDT", "Tether"));
  private final List<Exchange> exchanges = List.of(
      new Exchange("Binance", "Binance", "MT"), new Exchange("Kraken", "Kraken", "US"));
  private final List<Market> markets = List.of(
      new Market("Binance:BTC/USDT", "Binance", "BTC", "USDT"),
      new Market("Binance:LTC/BTC", "Binance", "LTC", "BTC"),
      new Market("Binance:ETH/BTC", "Binance", "ETH", "BTC"),
      new Market("Kraken:BTC/USDT", "Kraken", "BTC", "USDT"));

  @Override
  public List<Asset> assets() {
    return assets;
  }

  @Override
  public Optional<Asset> asset(String assetSymbol) {
    return assets.stream().filter(asset -> asset.assetSymbol().equalsIgnoreCase(assetSymbol)).findFirst();
  }

  @Override
  public List<Exchange> exchanges() {
    return exchanges;
  }

  @Override
  public Optional<Exchange> exchange(String exchangeSymbol) {
    return exchanges.stream().filter(exchange -> exchange.exchangeSymbol().equalsIgnoreCase(exchangeSymbol)).findFirst();
  }

  @Override
  public List<Market> markets(Optional<String> exchangeSymbol) {
    return markets.stream()
        .filter(market -> exchangeSymbol.map(market.exchangeSymbol()::equalsIgnoreCase).orElse(true))
        .toList();
  }

  @Override
  public Optional<Market> market(String exchangeSymbol, String baseSymbol, String quoteSymbol) {
    return markets.stream()
        .filter(market -> market.exchangeSymbol().equalsIgnoreCase(exchangeSymbol)
            && market.baseSymbol().equalsIgnoreCase(baseSymbol)
            && market.quoteSymbol().equalsIgnoreCase(quoteSymbol))
        .findFirst();
  }

  @Override
  public Optional<Ticker> ticker(String marketSymbol) {
    return marketOf(marketSymbol).map(market -> new Ticker(new BigDecimal("0.00123"), new BigDecimal("1.5"),
        new BigDecimal("0.00120"), new BigDecimal("0.00125"), new BigDecimal("1000"), new BigDecimal("1.23")));
  }

  @Override
  public List<Candle> candles(String marketSymbol, Resolution resolution, Optional<Instant> start, int limit) {
    if (marketOf(marketSymbol).isEmpty() || limit < 1) {
      return List.of();
    }
    long width = resolution.width().toSeconds();
    long first;
    if (start.isPresent()) {
      long offset = Math.max(0, start.get().getEpochSecond() - EPOCH.getEpochSecond());
      first = (offset + width - 1) / width;
    } else {
      first = Math.max(0, CANDLES_PER_RESOLUTION - limit);
    }
    List<Candle> candles = new ArrayList<>();
    for (long i = first; i < CANDLES_PER_RESOLUTION && candles.size() < limit; i++) {
      BigDecimal price = BigDecimal.valueOf(100 + i % 7);
      candles.add(new Candle(EPOCH.plusSeconds(i * width), price, price.add(BigDecimal.ONE),
          price.subtract(BigDecimal.ONE), price, BigDecimal.TEN));
    }
    return candles;
  }

  private Optional<Market> marketOf(String marketSymbol) {
    String wanted = marketSymbol.toLowerCase(Locale.ROOT);
    return markets.stream().filter(market -> market.marketSymbol().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }
}
