package dev.payql.api.marketdata.jdbc;

import dev.payql.api.marketdata.data.Asset;
import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Read queries of the market data; symbols arrive as lower-cased keys (see {@link MarketSymbols}). */
@RegisterRowMapper(MarketDataDao.AssetMapper.class)
@RegisterRowMapper(MarketDataDao.ExchangeMapper.class)
@RegisterRowMapper(MarketDataDao.MarketMapper.class)
@RegisterRowMapper(MarketDataDao.CandleMapper.class)
interface MarketDataDao {

  String MARKET_COLUMNS = "m.id, m.market_symbol, e.symbol AS exchange_symbol, b.symbol AS base_symbol, "
      + "q.symbol AS quote_symbol";
  String MARKET_JOINS = " FROM markets m JOIN exchanges e ON e.symbol_key = m.exchange_key "
      + "JOIN assets b ON b.symbol_key = m.base_key JOIN assets q ON q.symbol_key = m.quote_key";

  @SqlQuery("SELECT symbol, name FROM assets ORDER BY symbol_key")
  List<Asset> assets();

  @SqlQuery("SELECT symbol, name FROM assets WHERE symbol_key = :key")
  Optional<Asset> asset(@Bind("key") String key);

  @SqlQuery("SELECT symbol, name, country FROM exchanges ORDER BY symbol_key")
  List<Exchange> exchanges();

  @SqlQuery("SELECT symbol, name, country FROM exchanges WHERE symbol_key = :key")
  Optional<Exchange> exchange(@Bind("key") String key);

  @SqlQuery("SELECT " + MARKET_COLUMNS + MARKET_JOINS + " ORDER BY m.market_key")
  List<Market> markets();

  @SqlQuery("SELECT " + MARKET_COLUMNS + MARKET_JOINS + " WHERE m.exchange_key = :exchangeKey ORDER BY m.market_key")
  List<Market> marketsOf(@Bind("exchangeKey") String exchangeKey);

  @SqlQuery("SELECT " + MARKET_COLUMNS + MARKET_JOINS + " WHERE m.market_key = :key")
  Optional<Market> market(@Bind("key") String key);

  @SqlQuery("SELECT id FROM markets WHERE market_key = :key")
  Optional<Integer> marketId(@Bind("key") String key);

  @SqlQuery("SELECT MAX(open_minute) FROM candles WHERE market_id = :marketId")
  Optional<Long> newestMinute(@Bind("marketId") int marketId);

  @SqlQuery("SELECT close_price FROM candles WHERE market_id = :marketId AND open_minute = :minute")
  Optional<BigDecimal> closeAt(@Bind("marketId") int marketId, @Bind("minute") long minute);

  /** The close of the newest candle at or before {@code minute}: the price "24 hours ago". */
  @SqlQuery("SELECT close_price FROM candles WHERE market_id = :marketId AND open_minute <= :minute "
      + "ORDER BY open_minute DESC LIMIT 1")
  Optional<BigDecimal> closeAtOrBefore(@Bind("marketId") int marketId, @Bind("minute") long minute);

  /** The open of the oldest candle after {@code minute}: the reference when less than a day is known. */
  @SqlQuery("SELECT open_price FROM candles WHERE market_id = :marketId AND open_minute > :minute "
      + "ORDER BY open_minute LIMIT 1")
  Optional<BigDecimal> firstOpenAfter(@Bind("marketId") int marketId, @Bind("minute") long minute);

  @SqlQuery("""
      SELECT MIN(low_price) AS low_price, MAX(high_price) AS high_price, SUM(volume) AS base_volume,
             SUM(volume * close_price) AS quote_volume
        FROM candles
       WHERE market_id = :marketId AND open_minute > :after AND open_minute <= :until
      """)
  @RegisterRowMapper(WindowStatsMapper.class)
  WindowStats windowStats(@Bind("marketId") int marketId, @Bind("after") long after, @Bind("until") long until);

  /** One-minute candles from {@code from} on, oldest first or newest first ({@code direction}). */
  @SqlQuery("""
      SELECT open_minute AS bucket, open_price, high_price, low_price, close_price, volume
        FROM candles
       WHERE market_id = :marketId AND open_minute >= :from
       ORDER BY open_minute <direction>
       LIMIT :limit
      """)
  List<Candle> minuteCandles(@Bind("marketId") int marketId, @Bind("from") long from,
      @Define("direction") String direction, @Bind("limit") int limit, @Define("width") int width);

  /**
   * Candles of {@code width} minutes aggregated from the one-minute candles: buckets start at
   * multiples of the width since the epoch (a day starts at 00:00 UTC); open of the bucket's first
   * minute, close of its last, highest high, lowest low, summed volume. {@code width} is a number
   * from {@link dev.payql.api.marketdata.data.Resolution}, never user text, so defining it inline is
   * safe and lets both databases match the GROUP BY expression with the selected one.
   */
  @SqlQuery("""
      SELECT b.bucket, o.open_price, b.high_price, b.low_price, c.close_price, b.volume
        FROM (SELECT open_minute / <width> AS bucket,
                     MIN(open_minute) AS first_minute, MAX(open_minute) AS last_minute,
                     MAX(high_price) AS high_price, MIN(low_price) AS low_price, SUM(volume) AS volume
                FROM candles
               WHERE market_id = :marketId AND open_minute >= :from
               GROUP BY open_minute / <width>
               ORDER BY bucket <direction>
               LIMIT :limit) b
        JOIN candles o ON o.market_id = :marketId AND o.open_minute = b.first_minute
        JOIN candles c ON c.market_id = :marketId AND c.open_minute = b.last_minute
       ORDER BY b.bucket
      """)
  List<Candle> aggregatedCandles(@Bind("marketId") int marketId, @Bind("from") long from,
      @Define("direction") String direction, @Bind("limit") int limit, @Define("width") int width);

  /** Sums over a ticker's 24-hour window; all null when the window holds no candle. */
  record WindowStats(BigDecimal low, BigDecimal high, BigDecimal baseVolume, BigDecimal quoteVolume) {}

  final class AssetMapper implements RowMapper<Asset> {
    @Override
    public Asset map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Asset(rs.getString("symbol"), rs.getString("name"));
    }
  }

  final class ExchangeMapper implements RowMapper<Exchange> {
    @Override
    public Exchange map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Exchange(rs.getString("symbol"), rs.getString("name"), rs.getString("country"));
    }
  }

  final class MarketMapper implements RowMapper<Market> {
    @Override
    public Market map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Market(rs.getString("market_symbol"), rs.getString("exchange_symbol"),
          rs.getString("base_symbol"), rs.getString("quote_symbol"));
    }
  }

  /** Reads {@code bucket} (a minute for 1m, else a bucket number) back into the candle's start. */
  final class CandleMapper implements RowMapper<Candle> {
    @Override
    public Candle map(ResultSet rs, StatementContext ctx) throws SQLException {
      long width = Long.parseLong(String.valueOf(ctx.getAttribute("width")));
      long startMinute = rs.getLong("bucket") * width;
      return new Candle(Instant.ofEpochSecond(startMinute * 60),
          Decimals.plain(rs.getBigDecimal("open_price")),
          Decimals.plain(rs.getBigDecimal("high_price")),
          Decimals.plain(rs.getBigDecimal("low_price")),
          Decimals.plain(rs.getBigDecimal("close_price")),
          Decimals.plain(rs.getBigDecimal("volume")));
    }
  }

  final class WindowStatsMapper implements RowMapper<WindowStats> {
    @Override
    public WindowStats map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new WindowStats(rs.getBigDecimal("low_price"), rs.getBigDecimal("high_price"),
          rs.getBigDecimal("base_volume"), rs.getBigDecimal("quote_volume"));
    }
  }
}
