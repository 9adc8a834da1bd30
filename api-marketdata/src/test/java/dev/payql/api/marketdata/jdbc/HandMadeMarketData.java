package dev.payql.api.marketdata.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small market data set in the importer's CSV format, with numbers easy to aggregate by hand.
 *
 * <p>Kraken:BTC/USD has ten candles from 2026-01-01T00:00Z (minute i: open 100+i, close 101+i,
 * high 102+i but 115 at minute 3, low 99+i but 101 at minute 7, volume 1+i), a gap from 00:10 to
 * 00:14, two candles at 00:15 and 00:16, and one candle exactly 24 hours before the newest
 * (2025-12-31T00:16Z, close 50, an outlying high 500 and low 1, volume 1000). Kraken:ETH/USD has
 * no candles.
 */
final class HandMadeMarketData {

  static final String ASSETS = """
      symbol,name
      BTC,Bitcoin
      usd,US Dollar
      ETH,Ethereum
      """;
  static final String EXCHANGES = """
      symbol,name,country
      Kraken,Kraken,us
      """;
  static final String MARKETS = """
      exchange,base,quote
      Kraken,BTC,USD
      kraken,eth,usd
      """;

  private HandMadeMarketData() {}

  static String candles() {
    List<String> lines = new ArrayList<>();
    lines.add("market,start,open,high,low,close,volume");
    lines.add("Kraken:BTC/USD,2025-12-31T00:16:00Z,50,500,1,50,1000");
    for (int i = 0; i < 10; i++) {
      int high = i == 3 ? 115 : 102 + i;
      int low = i == 7 ? 101 : 99 + i;
      lines.add("Kraken:BTC/USD,2026-01-01T00:0" + i + ":00Z," + (100 + i) + "," + high + "," + low + ","
          + (101 + i) + "," + (1 + i));
    }
    lines.add("kraken:btc/usd,2026-01-01T00:15:00Z,200,202,199,201,2");
    lines.add("KRAKEN:BTC/USD,2026-01-01T00:16:00Z,201,203,200,202,3");
    return String.join("\n", lines) + "\n";
  }

  /** Writes the four files into {@code directory}. */
  static Path writeTo(Path directory) {
    write(directory, MarketDataCsvImporter.ASSETS, ASSETS);
    write(directory, MarketDataCsvImporter.EXCHANGES, EXCHANGES);
    write(directory, MarketDataCsvImporter.MARKETS, MARKETS);
    write(directory, MarketDataCsvImporter.CANDLES, candles());
    return directory;
  }

  static void write(Path directory, String file, String content) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(file), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
