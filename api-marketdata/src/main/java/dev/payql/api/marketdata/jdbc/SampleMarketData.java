package dev.payql.api.marketdata.jdbc;

import dev.payql.api.marketdata.data.Asset;
import dev.payql.api.marketdata.data.Exchange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The bundled sample data set: 5 exchanges, 7 assets, 30 markets and 7 days of one-minute candles
 * per market, ending just before {@link #END}.
 *
 * <p>Candles are a seeded random walk of the log price, pulled gently back to a plausible level per
 * pair (BTC about 60,000 USD, so BTC/USDT about 60000 and LTC/BTC about 0.0012). Every run produces
 * the same numbers, bit for bit: the generator is {@link Random}, whose algorithm its javadoc fixes,
 * seeded from the market symbol's {@link String#hashCode()} (also fixed by its javadoc), and the
 * arithmetic is {@link StrictMath}, which is reproducible on every platform.
 *
 * <p>Countries are ISO 3166-1 alpha-2 codes of where each company is registered or headquartered:
 * Binance MT (Malta, where it announced its seat in 2018;
 * Binance itself names no single headquarters), Coinbase US, Kraken US, Bitstamp LU, Bitfinex VG.
 */
public final class SampleMarketData {

  /** The name this data set is recorded under in {@code sample_data_loads}. */
  public static final String DATA_SET = "sample-v1";
  /** The candles end here: the newest one starts at 2025-12-31T23:59:00Z. */
  public static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
  public static final Duration SPAN = Duration.ofDays(7);
  public static final int CANDLES_PER_MARKET = (int) SPAN.toMinutes();

  private static final long SEED = 0x5EED_0F_9A1L;
  /** Strength of the pull back to the reference level per minute. */
  private static final double REVERSION = 0.002;

  record AssetSpec(String symbol, String name, double usd, double volatility, double activity) {}

  record ExchangeSpec(String symbol, String name, String country, double usdPerMinute) {}

  record MarketSpec(String exchange, String base, String quote) {}

  static final List<AssetSpec> ASSETS = List.of(
      new AssetSpec("BTC", "Bitcoin", 60_000, 0.0006, 1.0),
      new AssetSpec("ETH", "Ethereum", 3_000, 0.0008, 0.5),
      new AssetSpec("LTC", "Litecoin", 72, 0.0010, 0.12),
      new AssetSpec("XRP", "XRP", 0.52, 0.0011, 0.15),
      new AssetSpec("USDT", "Tether", 1.0, 0.00005, 1.0),
      new AssetSpec("USD", "US Dollar", 1.0, 0.0, 1.0),
      new AssetSpec("EUR", "Euro", 1.08, 0.00004, 0.4));

  static final List<ExchangeSpec> EXCHANGES = List.of(
      new ExchangeSpec("Binance", "Binance", "MT", 400_000),
      new ExchangeSpec("Coinbase", "Coinbase Exchange", "US", 150_000),
      new ExchangeSpec("Kraken", "Kraken", "US", 80_000),
      new ExchangeSpec("Bitstamp", "Bitstamp", "LU", 40_000),
      new ExchangeSpec("Bitfinex", "Bitfinex", "VG", 60_000));

  static final List<MarketSpec> MARKETS = List.of(
      new MarketSpec("Binance", "BTC", "USDT"),
      new MarketSpec("Binance", "ETH", "USDT"),
      new MarketSpec("Binance", "LTC", "USDT"),
      new MarketSpec("Binance", "XRP", "USDT"),
      new MarketSpec("Binance", "ETH", "BTC"),
      new MarketSpec("Binance", "LTC", "BTC"),
      new MarketSpec("Binance", "XRP", "BTC"),
      new MarketSpec("Binance", "LTC", "ETH"),
      new MarketSpec("Binance", "BTC", "EUR"),
      new MarketSpec("Coinbase", "BTC", "USD"),
      new MarketSpec("Coinbase", "ETH", "USD"),
      new MarketSpec("Coinbase", "LTC", "USD"),
      new MarketSpec("Coinbase", "BTC", "EUR"),
      new MarketSpec("Coinbase", "ETH", "EUR"),
      new MarketSpec("Coinbase", "ETH", "BTC"),
      new MarketSpec("Coinbase", "LTC", "BTC"),
      new MarketSpec("Kraken", "BTC", "USD"),
      new MarketSpec("Kraken", "BTC", "EUR"),
      new MarketSpec("Kraken", "ETH", "USD"),
      new MarketSpec("Kraken", "ETH", "EUR"),
      new MarketSpec("Kraken", "LTC", "EUR"),
      new MarketSpec("Kraken", "XRP", "USD"),
      new MarketSpec("Bitstamp", "BTC", "USD"),
      new MarketSpec("Bitstamp", "BTC", "EUR"),
      new MarketSpec("Bitstamp", "ETH", "USD"),
      new MarketSpec("Bitstamp", "XRP", "USD"),
      new MarketSpec("Bitfinex", "BTC", "USD"),
      new MarketSpec("Bitfinex", "ETH", "USD"),
      new MarketSpec("Bitfinex", "LTC", "USD"),
      new MarketSpec("Bitfinex", "BTC", "USDT"));

  private static final Map<String, AssetSpec> ASSETS_BY_SYMBOL =
      ASSETS.stream().collect(Collectors.toMap(AssetSpec::symbol, Function.identity()));
  private static final Map<String, ExchangeSpec> EXCHANGES_BY_SYMBOL =
      EXCHANGES.stream().collect(Collectors.toMap(ExchangeSpec::symbol, Function.identity()));

  private SampleMarketData() {}

  public static List<Asset> assets() {
    return ASSETS.stream().map(a -> new Asset(a.symbol(), a.name())).toList();
  }

  public static List<Exchange> exchanges() {
    return EXCHANGES.stream().map(e -> new Exchange(e.symbol(), e.name(), e.country())).toList();
  }

  /** Writes the assets and exchanges: the first step of a load. */
  static void writeReferenceData(MarketDataWriter writer) {
    assets().forEach(writer::asset);
    exchanges().forEach(writer::exchange);
  }

  /** Writes one market and its candles; returns the number of candles written so far. */
  static long writeMarket(MarketDataWriter writer, MarketSpec market) {
    int id = writer.market(market.exchange(), market.base(), market.quote());
    writeCandles(writer, id, market);
    return writer.flush();
  }

  private static void writeCandles(MarketDataWriter writer, int marketId, MarketSpec spec) {
    AssetSpec base = ASSETS_BY_SYMBOL.get(spec.base());
    AssetSpec quote = ASSETS_BY_SYMBOL.get(spec.quote());
    ExchangeSpec exchange = EXCHANGES_BY_SYMBOL.get(spec.exchange());
    String symbol = MarketSymbols.marketSymbol(spec.exchange(), spec.base(), spec.quote());
    Random random = new Random(SEED ^ symbol.hashCode());

    double reference = base.usd() / quote.usd();
    double sigma = StrictMath.sqrt(base.volatility() * base.volatility() + quote.volatility() * quote.volatility());
    int priceScale = priceScale(reference);
    // base units traded per minute on average: the exchange's size times how much this pair trades
    double baseVolume = exchange.usdPerMinute() * base.activity() * quoteActivity(spec.quote()) / base.usd();
    // about six significant digits of volume, never fewer than two decimals
    int volumeScale = Math.max(2, 6 - (int) StrictMath.floor(StrictMath.log10(baseVolume)));

    long firstMinute = END.minus(SPAN).getEpochSecond() / 60;
    double logReference = StrictMath.log(reference);
    double logPrice = logReference + 0.01 * random.nextGaussian();
    BigDecimal open = round(StrictMath.exp(logPrice), priceScale);
    for (int i = 0; i < CANDLES_PER_MARKET; i++) {
      logPrice += sigma * random.nextGaussian() + REVERSION * (logReference - logPrice);
      BigDecimal close = round(StrictMath.exp(logPrice), priceScale);
      double wickUp = StrictMath.abs(random.nextGaussian()) * sigma * 0.6;
      double wickDown = StrictMath.abs(random.nextGaussian()) * sigma * 0.6;
      BigDecimal top = open.max(close);
      BigDecimal bottom = open.min(close);
      BigDecimal high = round(top.doubleValue() * StrictMath.exp(wickUp), priceScale).max(top);
      BigDecimal low = round(bottom.doubleValue() * StrictMath.exp(-wickDown), priceScale).min(bottom);
      // volume is lognormal around the average, busier when the price moves more
      double activity = StrictMath.exp(0.5 * random.nextGaussian()) * (1 + 200 * (wickUp + wickDown));
      BigDecimal volume = BigDecimal.valueOf(baseVolume * activity).setScale(volumeScale, RoundingMode.HALF_EVEN);
      writer.candle(marketId, firstMinute + i, open, high, low, close, volume);
      open = close;
    }
  }

  /** About six significant digits, never fewer than two decimals: 60000.00, 0.00120000. */
  static int priceScale(double price) {
    return Math.max(2, 5 - (int) StrictMath.floor(StrictMath.log10(price)));
  }

  private static double quoteActivity(String quote) {
    return switch (quote) {
      case "USDT", "USD" -> 1.0;
      case "EUR" -> 0.3;
      case "BTC" -> 0.4;
      default -> 0.2;
    };
  }

  private static BigDecimal round(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
  }
}
