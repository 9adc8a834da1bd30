package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.api.marketdata.data.Asset;
import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.MarketData;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.api.marketdata.data.Ticker;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The market data on JDBI. Only one-minute candles are stored; every coarser resolution and the
 * ticker are computed from them in SQL, so an import of one-minute candles is all the data there is.
 */
public final class JdbiMarketData implements MarketData {

  /** The ticker covers the 1440 one-minute candles up to and including the newest one. */
  static final int DAY_MINUTES = 24 * 60;
  /** Percent change is shown to a hundredth of a percent; volumes to 8 decimals. */
  static final int PERCENT_SCALE = 2;
  static final int VOLUME_SCALE = 8;

  private final Jdbi jdbi;
  private final StoreFailures failures;

  public JdbiMarketData(Jdbi jdbi, StoreFailures failures) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  @Override
  public List<Asset> assets() {
    return read(MarketDataDao::assets);
  }

  @Override
  public Optional<Asset> asset(String assetSymbol) {
    String key = MarketSymbols.key(assetSymbol);
    return read(dao -> dao.asset(key));
  }

  @Override
  public List<Exchange> exchanges() {
    return read(MarketDataDao::exchanges);
  }

  @Override
  public Optional<Exchange> exchange(String exchangeSymbol) {
    String key = MarketSymbols.key(exchangeSymbol);
    return read(dao -> dao.exchange(key));
  }

  @Override
  public List<Market> markets(Optional<String> exchangeSymbol) {
    Optional<String> key = exchangeSymbol.map(MarketSymbols::key);
    return read(dao -> key.map(dao::marketsOf).orElseGet(dao::markets));
  }

  @Override
  public Optional<Market> market(String exchangeSymbol, String baseSymbol, String quoteSymbol) {
    String key = MarketSymbols.marketKey(exchangeSymbol, baseSymbol, quoteSymbol);
    return read(dao -> dao.market(key));
  }

  @Override
  public Optional<Ticker> ticker(String marketSymbol) {
    Optional<String> key = MarketSymbols.marketKey(marketSymbol);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return read(dao -> dao.marketId(key.get()).flatMap(id -> ticker(dao, id)));
  }

  private static Optional<Ticker> ticker(MarketDataDao dao, int marketId) {
    Optional<Long> newest = dao.newestMinute(marketId);
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    long until = newest.get();
    long dayBefore = until - DAY_MINUTES;
    BigDecimal last = dao.closeAt(marketId, until).orElseThrow();
    MarketDataDao.WindowStats stats = dao.windowStats(marketId, dayBefore, until);
    // the price 24 hours before the last close; with less than a day of data, the first open
    BigDecimal reference = dao.closeAtOrBefore(marketId, dayBefore)
        .or(() -> dao.firstOpenAfter(marketId, dayBefore))
        .orElse(last);
    BigDecimal percentChange = reference.signum() == 0
        ? BigDecimal.ZERO
        : last.subtract(reference).multiply(BigDecimal.valueOf(100))
            .divide(reference, PERCENT_SCALE, RoundingMode.HALF_EVEN);
    return Optional.of(new Ticker(
        Decimals.plain(last),
        percentChange,
        Decimals.plain(stats.low()),
        Decimals.plain(stats.high()),
        Decimals.plain(stats.baseVolume(), VOLUME_SCALE),
        Decimals.plain(stats.quoteVolume(), VOLUME_SCALE)));
  }

  @Override
  public List<Candle> candles(String marketSymbol, Resolution resolution, Optional<Instant> start, int limit) {
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(start, "start");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, not " + limit);
    }
    Optional<String> key = MarketSymbols.marketKey(marketSymbol);
    if (key.isEmpty()) {
      return List.of();
    }
    int width = Math.toIntExact(resolution.width().toMinutes());
    // with a start: the first buckets that begin at or after it, oldest first; without: the newest
    long from = start.map(s -> Math.ceilDiv(firstWholeMinuteAtOrAfter(s), width) * (long) width)
        .orElse(Long.MIN_VALUE);
    String direction = start.isPresent() ? "ASC" : "DESC";
    return read(dao -> dao.marketId(key.get())
        .map(id -> width == 1
            ? sortedByStart(dao.minuteCandles(id, from, direction, limit, 1))
            : dao.aggregatedCandles(id, from, direction, limit, width))
        .orElse(List.of()));
  }

  /** Minutes since the epoch of the first whole minute at or after {@code instant}. */
  static long firstWholeMinuteAtOrAfter(Instant instant) {
    long minute = Math.floorDiv(instant.getEpochSecond(), 60L);
    boolean onTheMinute = Math.floorMod(instant.getEpochSecond(), 60L) == 0 && instant.getNano() == 0;
    return onTheMinute ? minute : minute + 1;
  }

  private static List<Candle> sortedByStart(List<Candle> candles) {
    return candles.stream().sorted(java.util.Comparator.comparing(Candle::start)).toList();
  }

  private <T> T read(java.util.function.Function<MarketDataDao, T> query) {
    return failures.translate(() -> jdbi.withExtension(MarketDataDao.class, query::apply));
  }
}
