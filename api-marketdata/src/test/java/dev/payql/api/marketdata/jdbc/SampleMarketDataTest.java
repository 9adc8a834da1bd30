package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.MarketData;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.api.marketdata.data.Ticker;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled sample data set, loaded once into an H2 file database as on a first start. */
class SampleMarketDataTest {

  /** Fixed by the seeded generator: a change here means the sample data set changed. */
  private static final BigDecimal BTC_USDT_LAST = new BigDecimal("60915.22");
  private static final BigDecimal LTC_BTC_LAST = new BigDecimal("0.00119898");

  @TempDir
  static Path dataDirectory;

  private static MarketDatabase persistence;
  private static SampleDataLoader.Outcome firstLoad;

  @BeforeAll
  static void open() {
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    persistence = MarketDatabase.open(PersistenceConfig.h2(dataDirectory), true);
    cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
    firstLoad = persistence.sampleData();
    System.out.printf("sample data on H2: %d candles in %d ms, thread CPU %d ms%n", firstLoad.candles(),
        firstLoad.took().toMillis(), cpu / 1_000_000);
  }

  @AfterAll
  static void close() {
    persistence.close();
  }

  private static MarketData data() {
    return persistence.marketData();
  }

  @Test
  void theFirstOpenLoadsThirtyMarketsOfSevenDaysOfMinuteCandles() {
    assertThat(firstLoad.loaded()).isTrue();
    assertThat(firstLoad.candles()).isEqualTo(30L * 7 * 24 * 60);
    assertThat(data().exchanges()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(data().markets(Optional.empty())).hasSize(30).extracting(Market::marketSymbol)
        .contains("Binance:LTC/BTC", "Binance:BTC/USDT", "Coinbase:BTC/USD", "Bitfinex:LTC/USD");
    assertThat(data().assets()).extracting(a -> a.assetSymbol())
        .contains("BTC", "ETH", "LTC", "XRP", "USDT", "USD", "EUR");
  }

  @Test
  void theSeedsExamplesAnswer() {
    assertThat(data().exchange("binance")).contains(new Exchange("Binance", "Binance", "MT"));
    assertThat(data().market("Binance", "LTC", "BTC")).map(Market::marketSymbol).contains("Binance:LTC/BTC");
    assertThat(data().ticker("binance:btc/usdt")).isPresent();
    Ticker ticker = data().ticker("Binance:LTC/BTC").orElseThrow();
    assertThat(ticker.lastPrice()).isBetween(new BigDecimal("0.0008"), new BigDecimal("0.0018"));
  }

  @Test
  void everyMarketEndsWithTheMinuteBeforeTheReferenceInstant() {
    for (Market market : data().markets(Optional.empty())) {
      List<Candle> newest = data().candles(market.marketSymbol(), Resolution._1m, Optional.empty(), 1);
      assertThat(newest).extracting(Candle::start).containsExactly(SampleMarketData.END.minus(Duration.ofMinutes(1)));
    }
    List<Candle> first = data().candles("Binance:BTC/USDT", Resolution._1m, Optional.of(Instant.EPOCH), 1);
    assertThat(first).extracting(Candle::start).containsExactly(SampleMarketData.END.minus(SampleMarketData.SPAN));
  }

  @Test
  void pricesStayPlausibleAndEveryCandleIsConsistent() {
    List<Candle> week = data().candles("Binance:BTC/USDT", Resolution._1m, Optional.empty(), 20_000);

    assertThat(week).hasSize(SampleMarketData.CANDLES_PER_MARKET);
    assertThat(week).allSatisfy(c -> {
      assertThat(c.close()).isBetween(new BigDecimal("45000"), new BigDecimal("80000"));
      assertThat(c.high()).isGreaterThanOrEqualTo(c.open().max(c.close()));
      assertThat(c.low()).isLessThanOrEqualTo(c.open().min(c.close()));
      assertThat(c.volume()).isPositive();
      assertThat(c.close().scale()).isLessThanOrEqualTo(2);
    });
    assertThat(week).isSortedAccordingTo(Comparator.comparing(Candle::start));
  }

  @Test
  void theDataIsTheSameOnEveryRun() {
    assertThat(data().ticker("Binance:BTC/USDT").orElseThrow().lastPrice()).isEqualByComparingTo(BTC_USDT_LAST);
    assertThat(data().ticker("Binance:LTC/BTC").orElseThrow().lastPrice()).isEqualByComparingTo(LTC_BTC_LAST);
  }

  @Test
  void hourlyCandlesAgreeWithTheMinuteCandlesTheyAreMadeOf() {
    List<Candle> hours = data().candles("Kraken:ETH/EUR", Resolution._1h, Optional.empty(), 3);
    assertThat(hours).hasSize(3);
    for (Candle hour : hours) {
      List<Candle> minutes = data().candles("Kraken:ETH/EUR", Resolution._1m, Optional.of(hour.start()), 60);
      assertThat(hour.open()).isEqualByComparingTo(minutes.getFirst().open());
      assertThat(hour.close()).isEqualByComparingTo(minutes.getLast().close());
      assertThat(hour.high()).isEqualByComparingTo(minutes.stream().map(Candle::high).max(Comparator.naturalOrder()).orElseThrow());
      assertThat(hour.low()).isEqualByComparingTo(minutes.stream().map(Candle::low).min(Comparator.naturalOrder()).orElseThrow());
      assertThat(hour.volume()).isEqualByComparingTo(minutes.stream().map(Candle::volume).reduce(BigDecimal.ZERO, BigDecimal::add));
    }
    assertThat(data().candles("Kraken:ETH/EUR", Resolution._1d, Optional.empty(), 100)).hasSize(7);
  }

  @Test
  void theTickerLastPriceIsTheNewestClose() {
    Ticker ticker = data().ticker("coinbase:eth/usd").orElseThrow();
    Candle newest = data().candles("Coinbase:ETH/USD", Resolution._1m, Optional.empty(), 1).getFirst();
    List<Candle> day = data().candles("Coinbase:ETH/USD", Resolution._1m, Optional.empty(), 1440);

    assertThat(ticker.lastPrice()).isEqualByComparingTo(newest.close());
    assertThat(ticker.highPrice()).isEqualByComparingTo(day.stream().map(Candle::high).max(Comparator.naturalOrder()).orElseThrow());
    assertThat(ticker.baseVolume()).isEqualByComparingTo(day.stream().map(Candle::volume).reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  @Test
  void openingTheDatabaseAgainLoadsNothingTwice() {
    try (MarketDatabase again = MarketDatabase.open(PersistenceConfig.h2(dataDirectory), true)) {
      assertThat(again.sampleData().loaded()).isFalse();
      assertThat(again.marketData().markets(Optional.empty())).hasSize(30);
      assertThat(again.marketData().candles("Binance:BTC/USDT", Resolution._1m, Optional.empty(), 20_000))
          .hasSize(SampleMarketData.CANDLES_PER_MARKET);
    }
  }
}
