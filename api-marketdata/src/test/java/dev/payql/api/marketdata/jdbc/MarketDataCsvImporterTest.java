package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.api.marketdata.data.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarketDataCsvImporterTest {

  @TempDir
  Path directory;

  private MarketDatabase persistence;

  @BeforeEach
  void open() {
    persistence = MarketDatabase.open(PersistenceConfig.h2(directory.resolve("data")), false);
  }

  @AfterEach
  void close() {
    persistence.close();
  }

  private MarketDataCsvImporter importer() {
    return persistence.marketDataImporter();
  }

  @Test
  void goodFilesAreImportedWhole() {
    MarketDataCsvImporter.Summary summary = importer().importDirectory(HandMadeMarketData.writeTo(directory.resolve("csv")));

    assertThat(summary).isEqualTo(new MarketDataCsvImporter.Summary(3, 1, 2, 13));
    assertThat(persistence.marketData().exchange("kraken")).isPresent();
    assertThat(persistence.marketData().candles("Kraken:BTC/USD", Resolution._1m, Optional.empty(), 100)).hasSize(13);
  }

  @Test
  void anImportReplacesTheWholeDataSet() {
    importer().importDirectory(HandMadeMarketData.writeTo(directory.resolve("first")));
    Path second = directory.resolve("second");
    HandMadeMarketData.writeTo(second);
    HandMadeMarketData.write(second, MarketDataCsvImporter.EXCHANGES, "symbol,name,country\nBitstamp,Bitstamp,LU\n");
    HandMadeMarketData.write(second, MarketDataCsvImporter.MARKETS, "exchange,base,quote\nBitstamp,BTC,USD\n");
    HandMadeMarketData.write(second, MarketDataCsvImporter.CANDLES,
        "market,start,open,high,low,close,volume\r\nBitstamp:BTC/USD,2026-01-01T00:00:00Z,1,2,0.5,1.5,7\r\n\r\n");

    assertThat(importer().importDirectory(second)).isEqualTo(new MarketDataCsvImporter.Summary(3, 1, 1, 1));

    assertThat(persistence.marketData().exchange("kraken")).isEmpty();
    assertThat(persistence.marketData().ticker("bitstamp:btc/usd").orElseThrow().lastPrice()).isEqualByComparingTo("1.5");
  }

  static Stream<Arguments> badFiles() {
    String candleHeader = "market,start,open,high,low,close,volume\n";
    return Stream.of(
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,2026-01-01T00:00:00Z,100,101,99,100,1\n"
            + "Kraken:BTC/USD,2026-01-01T00:01:00Z,100,99,98,100,1\n", "candles.csv line 3", "low <= open, close <= high"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:DOGE/USD,2026-01-01T00:00:00Z,1,1,1,1,1\n", "candles.csv line 2", "not in markets.csv"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,2026-01-01T00:00:30Z,1,1,1,1,1\n", "candles.csv line 2", "whole minute"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,yesterday,1,1,1,1,1\n", "candles.csv line 2", "ISO-8601"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,2026-01-01T00:00:00Z,1,1,1,1,-1\n", "candles.csv line 2", "volume must be zero or more"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,2026-01-01T00:00:00Z,1,1,1,1,1\n"
            + "kraken:btc/usd,2026-01-01T00:00:00Z,1,1,1,1,1\n", "candles.csv line 3", "second candle"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,2026-01-01T00:00:00Z,1,1,1,1\n", "candles.csv line 2", "expected 7 fields, found 6"),
        Arguments.of(MarketDataCsvImporter.CANDLES, candleHeader
            + "Kraken:BTC/USD,2026-01-01T00:00:00Z,1e3,1e3,1e3,1e3,abc\n", "candles.csv line 2", "volume must be a decimal"),
        Arguments.of(MarketDataCsvImporter.CANDLES, "market,start,open,high,low,close\n", "candles.csv line 1", "header"),
        Arguments.of(MarketDataCsvImporter.EXCHANGES, "symbol,name,country\nKraken,\"Kraken, Inc.\",US\n",
            "exchanges.csv line 2", "quoted fields"),
        Arguments.of(MarketDataCsvImporter.EXCHANGES, "symbol,name,country\nKraken,Kraken,USA\n",
            "exchanges.csv line 2", "ISO 3166-1"),
        Arguments.of(MarketDataCsvImporter.ASSETS, "symbol,name\nBTC,Bitcoin\nBTC/X,Slash\n", "assets.csv line 3", "symbol must be"),
        Arguments.of(MarketDataCsvImporter.ASSETS, "symbol,name\nBTC,Bitcoin\nbtc,Again\n", "assets.csv line 3", "listed twice"),
        Arguments.of(MarketDataCsvImporter.MARKETS, "exchange,base,quote\nKraken,BTC,BTC\n", "markets.csv line 2", "against itself"),
        Arguments.of(MarketDataCsvImporter.MARKETS, "exchange,base,quote\nBinance,BTC,USD\n", "markets.csv line 2",
            "exchange Binance is not in exchanges.csv"));
  }

  @ParameterizedTest(name = "{2}: {3}")
  @MethodSource("badFiles")
  void aBadLineIsReportedWithItsFileAndLineAndNothingIsImported(String file, String content, String where,
      String what) {
    importer().importDirectory(HandMadeMarketData.writeTo(directory.resolve("good")));
    Path bad = HandMadeMarketData.writeTo(directory.resolve("bad"));
    HandMadeMarketData.write(bad, file, content);

    assertThatThrownBy(() -> importer().importDirectory(bad))
        .isInstanceOf(InvalidMarketDataException.class)
        .hasMessageContaining(where)
        .hasMessageContaining(what);

    // the data set imported before is intact: the failed import rolled back, deletions included
    assertThat(persistence.marketData().markets(Optional.empty())).hasSize(2);
    assertThat(persistence.marketData().candles("Kraken:BTC/USD", Resolution._1m, Optional.empty(), 100)).hasSize(13);
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    Path incomplete = HandMadeMarketData.writeTo(directory.resolve("incomplete"));
    Files.delete(incomplete.resolve(MarketDataCsvImporter.MARKETS));

    assertThatThrownBy(() -> importer().importDirectory(incomplete))
        .isInstanceOf(InvalidMarketDataException.class)
        .hasMessageContaining("missing markets.csv");
  }

  @Test
  void textThatIsNotUtf8IsRefused() throws Exception {
    Path latin1 = HandMadeMarketData.writeTo(directory.resolve("latin1"));
    Files.write(latin1.resolve(MarketDataCsvImporter.ASSETS), new byte[] {'s', 'y', 'm', 'b', 'o', 'l', ',', 'n', 'a',
        'm', 'e', '\n', 'E', 'U', 'R', ',', 'E', 'u', 'r', (byte) 0xE9, '\n'});

    assertThatThrownBy(() -> importer().importDirectory(latin1))
        .isInstanceOf(InvalidMarketDataException.class)
        .hasMessageContaining("assets.csv: not UTF-8");
  }
}
