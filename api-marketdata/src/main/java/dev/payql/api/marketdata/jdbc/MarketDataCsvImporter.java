package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.api.marketdata.data.Asset;
import dev.payql.api.marketdata.data.Exchange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Imports the operator's own market data from a directory of four CSV files, replacing the whole
 * data set in one transaction: a file with one bad line imports nothing.
 *
 * <p>The format is strict and has no field that could need quoting (symbols, ISO codes, instants
 * and plain decimals; names without commas), so it is read by splitting on commas instead of
 * with a CSV library; a quote character anywhere is refused with the line that holds it. Each
 * file is UTF-8 and starts with exactly this header line; blank lines are ignored:
 * <pre>
 * assets.csv     symbol,name                            BTC,Bitcoin
 * exchanges.csv  symbol,name,country                    Binance,Binance,MT
 * markets.csv    exchange,base,quote                    Binance,LTC,BTC
 * candles.csv    market,start,open,high,low,close,volume
 *                Binance:LTC/BTC,2026-01-01T00:00:00Z,0.0012,0.00121,0.00119,0.0012,35.5
 * </pre>
 * Symbols are 1 to 32 letters, digits, '.', '-' or '_' and are matched case-insensitively; country
 * is an ISO 3166-1 alpha-2 code; {@code start} is an ISO-8601 UTC instant on a whole minute (each
 * line is a one-minute candle; coarser resolutions are computed); prices are positive, volume is not
 * negative, and low ≤ open, close ≤ high; at most 18 digits before the point and 12 after.
 */
public final class MarketDataCsvImporter {

  public static final String ASSETS = "assets.csv";
  public static final String EXCHANGES = "exchanges.csv";
  public static final String MARKETS = "markets.csv";
  public static final String CANDLES = "candles.csv";

  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final int MAX_NAME_LENGTH = 100;
  private static final int MAX_SCALE = 12;
  private static final int MAX_INTEGER_DIGITS = 18;

  /** What an import wrote. */
  public record Summary(int assets, int exchanges, int markets, long candles) {}

  private final Jdbi jdbi;
  private final StoreFailures failures;

  public MarketDataCsvImporter(Jdbi jdbi, StoreFailures failures) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  /**
   * Replaces the market data with the four files in {@code directory}.
   *
   * @throws InvalidMarketDataException naming the file and line of the first problem
   */
  public Summary importDirectory(Path directory) {
    for (String file : List.of(ASSETS, EXCHANGES, MARKETS, CANDLES)) {
      if (!Files.isRegularFile(directory.resolve(file))) {
        throw new InvalidMarketDataException("missing " + file + " in " + directory.toAbsolutePath());
      }
    }
    try {
      return jdbi.inTransaction(handle -> new Run(new MarketDataWriter(handle), directory).all());
    } catch (JdbiException e) {
      throw failures.translate(e);
    }
  }

  /** One import: what has been read so far, for cross-file checks. */
  private static final class Run {
    private final MarketDataWriter writer;
    private final Path directory;
    private final Set<String> assets = new HashSet<>();
    private final Set<String> exchanges = new HashSet<>();
    private final Map<String, Integer> marketIds = new HashMap<>();
    private final Map<Integer, Set<Long>> candleMinutes = new HashMap<>();

    Run(MarketDataWriter writer, Path directory) {
      this.writer = writer;
      this.directory = directory;
    }

    Summary all() {
      writer.deleteAll();
      read(ASSETS, "symbol,name", this::asset);
      read(EXCHANGES, "symbol,name,country", this::exchange);
      read(MARKETS, "exchange,base,quote", this::market);
      read(CANDLES, "market,start,open,high,low,close,volume", this::candle);
      long candles = writer.flush();
      return new Summary(assets.size(), exchanges.size(), marketIds.size(), candles);
    }

    private void asset(Line line) {
      String symbol = line.symbol(0, "symbol");
      String name = line.name(1);
      if (!assets.add(MarketSymbols.key(symbol))) {
        throw line.error("asset " + symbol + " is listed twice");
      }
      writer.asset(new Asset(MarketSymbols.assetSymbol(symbol), name));
    }

    private void exchange(Line line) {
      String symbol = line.symbol(0, "symbol");
      String name = line.name(1);
      String country = line.field(2);
      if (!COUNTRY.matcher(country).matches()) {
        throw line.error("country must be an ISO 3166-1 alpha-2 code such as US, not '" + country + "'");
      }
      if (!exchanges.add(MarketSymbols.key(symbol))) {
        throw line.error("exchange " + symbol + " is listed twice");
      }
      writer.exchange(new Exchange(symbol, name, country.toUpperCase(Locale.ROOT)));
    }

    private void market(Line line) {
      String exchange = line.symbol(0, "exchange");
      String base = line.symbol(1, "base");
      String quote = line.symbol(2, "quote");
      if (!exchanges.contains(MarketSymbols.key(exchange))) {
        throw line.error("exchange " + exchange + " is not in " + EXCHANGES);
      }
      for (String asset : List.of(base, quote)) {
        if (!assets.contains(MarketSymbols.key(asset))) {
          throw line.error("asset " + asset + " is not in " + ASSETS);
        }
      }
      if (MarketSymbols.key(base).equals(MarketSymbols.key(quote))) {
        throw line.error("a market trades two different assets, not " + base + " against itself");
      }
      String key = MarketSymbols.marketKey(exchange, base, quote);
      if (marketIds.containsKey(key)) {
        throw line.error("market " + MarketSymbols.marketSymbol(exchange, base, quote) + " is listed twice");
      }
      marketIds.put(key, writer.market(exchange, base, quote));
    }

    private void candle(Line line) {
      String market = line.field(0);
      Integer marketId = MarketSymbols.marketKey(market).map(marketIds::get).orElseThrow(
          () -> line.error("market '" + market + "' is not in " + MARKETS + " (write it as Exchange:BASE/QUOTE)"));
      Instant start = line.instant(1);
      BigDecimal open = line.decimal(2, "open", true);
      BigDecimal high = line.decimal(3, "high", true);
      BigDecimal low = line.decimal(4, "low", true);
      BigDecimal close = line.decimal(5, "close", true);
      BigDecimal volume = line.decimal(6, "volume", false);
      if (high.compareTo(open.max(close)) < 0 || low.compareTo(open.min(close)) > 0 || low.compareTo(high) > 0) {
        throw line.error("prices must satisfy low <= open, close <= high");
      }
      long minute = start.getEpochSecond() / 60;
      if (!candleMinutes.computeIfAbsent(marketId, id -> new HashSet<>()).add(minute)) {
        throw line.error("a second candle for " + market + " at " + start);
      }
      writer.candle(marketId, minute, open, high, low, close, volume);
    }

    private void read(String file, String header, java.util.function.Consumer<Line> handler) {
      int columns = header.split(",").length;
      try (BufferedReader reader = Files.newBufferedReader(directory.resolve(file), StandardCharsets.UTF_8)) {
        String text = reader.readLine();
        if (text == null || !stripBom(text).strip().equals(header)) {
          throw new InvalidMarketDataException(file + " line 1: the header must be exactly '" + header + "'");
        }
        int number = 1;
        while ((text = reader.readLine()) != null) {
          number++;
          if (text.isBlank()) {
            continue;
          }
          handler.accept(Line.parse(file, number, text, columns));
        }
      } catch (CharacterCodingException e) {
        throw new InvalidMarketDataException(file + ": not UTF-8 text", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + directory.resolve(file), e);
      }
    }

    private static String stripBom(String text) {
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
  }

  /** One data line split into its fields, able to say where a problem is. */
  private record Line(String file, int number, List<String> fields) {

    static Line parse(String file, int number, String text, int columns) {
      if (text.indexOf('"') >= 0) {
        throw new InvalidMarketDataException(file + " line " + number
            + ": quoted fields are not supported (no field of this format needs quotes)");
      }
      List<String> fields = java.util.Arrays.stream(text.split(",", -1)).map(String::strip).toList();
      if (fields.size() != columns) {
        throw new InvalidMarketDataException(
            file + " line " + number + ": expected " + columns + " fields, found " + fields.size());
      }
      return new Line(file, number, fields);
    }

    InvalidMarketDataException error(String problem) {
      return new InvalidMarketDataException(file + " line " + number + ": " + problem);
    }

    String field(int index) {
      return fields.get(index);
    }

    String symbol(int index, String what) {
      String value = fields.get(index);
      if (!MarketSymbols.isSymbol(value)) {
        throw error(what + " must be 1 to 32 letters, digits, '.', '-' or '_', not '" + value + "'");
      }
      return value;
    }

    String name(int index) {
      String value = fields.get(index);
      if (value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
        throw error("name must be 1 to " + MAX_NAME_LENGTH + " characters");
      }
      return value;
    }

    Instant instant(int index) {
      String value = fields.get(index);
      Instant start;
      try {
        start = Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw error("start must be an ISO-8601 UTC instant such as 2026-01-01T00:00:00Z, not '" + value + "'");
      }
      if (start.getEpochSecond() % 60 != 0 || start.getNano() != 0 || start.getEpochSecond() < 0) {
        throw error("start must be on a whole minute after 1970, not " + value);
      }
      return start;
    }

    BigDecimal decimal(int index, String what, boolean positive) {
      String value = fields.get(index);
      BigDecimal number;
      try {
        number = new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw error(what + " must be a decimal number such as 0.0012, not '" + value + "'");
      }
      if (positive ? number.signum() <= 0 : number.signum() < 0) {
        throw error(what + " must be " + (positive ? "positive" : "zero or more") + ", not " + value);
      }
      BigDecimal stripped = number.stripTrailingZeros();
      if (stripped.scale() > MAX_SCALE || stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
        throw error(what + " has more than " + MAX_INTEGER_DIGITS + " digits before the point or "
            + MAX_SCALE + " after it: " + value);
      }
      return number;
    }
  }
}
