package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.MarketData;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.api.marketdata.data.Ticker;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The market data queries on the hand-made data set ({@link HandMadeMarketData}), on every
 * database: the aggregation is SQL, so each dialect must get the same numbers.
 */
abstract class MarketDataQueriesChecks {

  /** A store holding exactly the hand-made data set, imported from {@code directory}. */
  protected abstract MarketDatabase persistence();

  static void importHandMadeData(MarketDatabase persistence, Path directory) {
    persistence.marketDataImporter().importDirectory(HandMadeMarketData.writeTo(directory));
  }

  private MarketData data() {
    return persistence().marketData();
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static Candle candle(String start, int open, int high, int low, int close, int volume) {
    return new Candle(at(start), BigDecimal.valueOf(open), BigDecimal.valueOf(high), BigDecimal.valueOf(low),
        BigDecimal.valueOf(close), BigDecimal.valueOf(volume));
  }

  @Test
  void symbolsMatchInAnyCaseAndAreShownAsNamed() {
    assertThat(data().exchange("KRAKEN")).contains(new Exchange("Kraken", "Kraken", "US"));
    assertThat(data().asset("Usd")).hasValueSatisfying(a -> assertThat(a.assetSymbol()).isEqualTo("USD"));
    assertThat(data().market("kraken", "btc", "usd"))
        .contains(new Market("Kraken:BTC/USD", "Kraken", "BTC", "USD"));
    assertThat(data().markets(Optional.of("kRaKeN"))).extracting(Market::marketSymbol)
        .containsExactly("Kraken:BTC/USD", "Kraken:ETH/USD");
    assertThat(data().markets(Optional.empty())).hasSize(2);
    assertThat(data().assets()).extracting(a -> a.assetSymbol()).containsExactly("BTC", "ETH", "USD");
  }

  @Test
  void unknownSymbolsFindNothing() {
    assertThat(data().exchange("binance")).isEmpty();
    assertThat(data().asset("DOGE")).isEmpty();
    assertThat(data().market("Kraken", "USD", "BTC")).isEmpty();
    assertThat(data().markets(Optional.of("nowhere"))).isEmpty();
    assertThat(data().ticker("Kraken:DOGE/USD")).isEmpty();
    assertThat(data().ticker("not a market symbol")).isEmpty();
    assertThat(data().candles("Kraken:DOGE/USD", Resolution._1m, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void aMarketWithoutCandlesHasNoTickerAndNoCandles() {
    assertThat(data().ticker("Kraken:ETH/USD")).isEmpty();
    assertThat(data().candles("Kraken:ETH/USD", Resolution._1h, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void fiveMinuteCandlesTakeTheFirstOpenTheLastCloseTheHighestHighTheLowestLowAndTheSummedVolume() {
    List<Candle> candles = data().candles("kraken:btc/usd", Resolution._5m, Optional.of(at("2026-01-01T00:00:00Z")), 2);

    assertThat(candles).containsExactly(
        candle("2026-01-01T00:00:00Z", 100, 115, 99, 105, 15),
        candle("2026-01-01T00:05:00Z", 105, 111, 101, 110, 40));
  }

  @Test
  void theNewestCandlesSkipBucketsWithoutDataAndComeOldestFirst() {
    assertThat(data().candles("Kraken:BTC/USD", Resolution._5m, Optional.empty(), 2)).containsExactly(
        candle("2026-01-01T00:05:00Z", 105, 111, 101, 110, 40),
        candle("2026-01-01T00:15:00Z", 200, 203, 199, 202, 5));
    assertThat(data().candles("Kraken:BTC/USD", Resolution._1m, Optional.empty(), 3)).containsExactly(
        candle("2026-01-01T00:09:00Z", 109, 111, 108, 110, 10),
        candle("2026-01-01T00:15:00Z", 200, 202, 199, 201, 2),
        candle("2026-01-01T00:16:00Z", 201, 203, 200, 202, 3));
  }

  @Test
  void aStartBetweenBucketsBeginsWithTheNextWholeBucket() {
    assertThat(data().candles("Kraken:BTC/USD", Resolution._5m, Optional.of(at("2026-01-01T00:03:30Z")), 1))
        .containsExactly(candle("2026-01-01T00:05:00Z", 105, 111, 101, 110, 40));
    assertThat(data().candles("Kraken:BTC/USD", Resolution._1m, Optional.of(at("2026-01-01T00:08:00.001Z")), 2))
        .extracting(Candle::start)
        .containsExactly(at("2026-01-01T00:09:00Z"), at("2026-01-01T00:15:00Z"));
  }

  @Test
  void dailyCandlesStartAtMidnightUtc() {
    assertThat(data().candles("Kraken:BTC/USD", Resolution._1d, Optional.empty(), 10)).containsExactly(
        candle("2025-12-31T00:00:00Z", 50, 500, 1, 50, 1000),
        candle("2026-01-01T00:00:00Z", 100, 203, 99, 202, 60));
    assertThat(data().candles("Kraken:BTC/USD", Resolution._4h, Optional.empty(), 1)).containsExactly(
        candle("2026-01-01T00:00:00Z", 100, 203, 99, 202, 60));
  }

  @Test
  void theTickerCoversTheDayUpToTheNewestCandleAndComparesWithTheCloseADayEarlier() {
    Ticker ticker = data().ticker("KRAKEN:btc/Usd").orElseThrow();

    assertThat(ticker.lastPrice()).isEqualByComparingTo("202");
    assertThat(ticker.percentChange()).isEqualByComparingTo("304.00"); // (202 - 50) / 50
    assertThat(ticker.lowPrice()).isEqualByComparingTo("99");
    assertThat(ticker.highPrice()).isEqualByComparingTo("203");
    assertThat(ticker.baseVolume()).isEqualByComparingTo("60");
    assertThat(ticker.quoteVolume()).isEqualByComparingTo("6893"); // sum of volume * close
  }
}
