package dev.payql.api.marketdata.jdbc;

import dev.payql.api.marketdata.data.Asset;
import dev.payql.api.marketdata.data.Exchange;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Writes a market data set through one handle, inside the caller's transaction: the sample data
 * and the CSV importer both go through here. Candles are sent in JDBC batches of multi-row INSERTs.
 */
final class MarketDataWriter {

  /** Rows per JDBC batch: large enough to amortise round trips, small enough to bound memory. */
  static final int BATCH_SIZE = 2_000;
  /** Deadline of each statement of a load or import, which may delete or insert 300,000 rows. */
  static final int BULK_QUERY_TIMEOUT_SECONDS = 300;
  /** Rows per INSERT statement of candles. */
  static final int ROWS_PER_STATEMENT = 100;

  private final Handle handle;
  private final Map<String, String> exchangeSymbolsByKey = new HashMap<>();
  private int lastMarketId;
  private PreparedBatch candles;
  private final Object[][] pending = new Object[ROWS_PER_STATEMENT][];
  private int pendingRows;
  private long candlesWritten;

  MarketDataWriter(Handle handle) {
    this.handle = Objects.requireNonNull(handle, "handle");
    // emptying or filling the candle table is bulk work, far beyond the per-request query timeout
    handle.getConfig(SqlStatements.class).setQueryTimeout(BULK_QUERY_TIMEOUT_SECONDS);
  }

  /** Empties every market data table, children first. */
  void deleteAll() {
    handle.execute("DELETE FROM candles");
    handle.execute("DELETE FROM markets");
    handle.execute("DELETE FROM exchanges");
    handle.execute("DELETE FROM assets");
  }

  boolean isEmpty() {
    return handle.createQuery("SELECT COUNT(*) FROM exchanges").mapTo(Long.class).one() == 0
        && handle.createQuery("SELECT COUNT(*) FROM assets").mapTo(Long.class).one() == 0;
  }

  void asset(Asset asset) {
    handle.createUpdate("INSERT INTO assets (symbol_key, symbol, name) VALUES (:key, :symbol, :name)")
        .bind("key", MarketSymbols.key(asset.assetSymbol()))
        .bind("symbol", MarketSymbols.assetSymbol(asset.assetSymbol()))
        .bind("name", asset.assetName())
        .execute();
  }

  void exchange(Exchange exchange) {
    String key = MarketSymbols.key(exchange.exchangeSymbol());
    handle.createUpdate(
            "INSERT INTO exchanges (symbol_key, symbol, name, country) VALUES (:key, :symbol, :name, :country)")
        .bind("key", key)
        .bind("symbol", exchange.exchangeSymbol().strip())
        .bind("name", exchange.exchangeName())
        .bind("country", exchange.country())
        .execute();
    exchangeSymbolsByKey.put(key, exchange.exchangeSymbol().strip());
  }

  /** Inserts a market of an exchange written before; returns its id for {@link #candle}. */
  int market(String exchangeSymbol, String baseSymbol, String quoteSymbol) {
    String shownExchange = exchangeSymbolsByKey.getOrDefault(MarketSymbols.key(exchangeSymbol), exchangeSymbol);
    int id = ++lastMarketId;
    handle.createUpdate("""
            INSERT INTO markets (id, market_key, market_symbol, exchange_key, base_key, quote_key)
            VALUES (:id, :marketKey, :marketSymbol, :exchangeKey, :baseKey, :quoteKey)
            """)
        .bind("id", id)
        .bind("marketKey", MarketSymbols.marketKey(exchangeSymbol, baseSymbol, quoteSymbol))
        .bind("marketSymbol", MarketSymbols.marketSymbol(shownExchange, baseSymbol, quoteSymbol))
        .bind("exchangeKey", MarketSymbols.key(exchangeSymbol))
        .bind("baseKey", MarketSymbols.key(baseSymbol))
        .bind("quoteKey", MarketSymbols.key(quoteSymbol))
        .execute();
    return id;
  }

  void candle(int marketId, long openMinute, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
      BigDecimal volume) {
    pending[pendingRows++] = new Object[] {marketId, openMinute, open, high, low, close, volume};
    if (pendingRows == ROWS_PER_STATEMENT) {
      if (candles == null) {
        candles = handle.prepareBatch(insertCandles(ROWS_PER_STATEMENT));
      }
      bindPending(candles);
      candles.add();
      if (candles.size() * ROWS_PER_STATEMENT >= BATCH_SIZE) {
        executeBatch();
      }
    }
  }

  /** Sends the candles still batched; returns how many candles were written in all. */
  long flush() {
    executeBatch();
    if (pendingRows > 0) {
      int rows = pendingRows;
      try (PreparedBatch rest = handle.prepareBatch(insertCandles(rows))) {
        bindPending(rest);
        rest.add();
        rest.execute();
      }
      candlesWritten += rows;
    }
    return candlesWritten;
  }

  private void executeBatch() {
    if (candles != null) {
      if (candles.size() > 0) {
        candlesWritten += (long) candles.size() * ROWS_PER_STATEMENT;
        candles.execute();
      }
      candles.close();
      candles = null;
    }
  }

  private void bindPending(PreparedBatch batch) {
    int position = 0;
    for (int row = 0; row < pendingRows; row++) {
      for (Object value : pending[row]) {
        batch.bind(position++, value);
      }
    }
    pendingRows = 0;
  }

  /**
   * An INSERT of {@code rows} rows: H2 executes a JDBC batch row by row, so a statement of many
   * rows is several times faster there; PostgreSQL gets the same from {@code reWriteBatchedInserts}.
   */
  private static String insertCandles(int rows) {
    StringBuilder sql = new StringBuilder(
        "INSERT INTO candles (market_id, open_minute, open_price, high_price, low_price, close_price, volume) VALUES ");
    for (int row = 0; row < rows; row++) {
      sql.append(row == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
    }
    return sql.toString();
  }
}
