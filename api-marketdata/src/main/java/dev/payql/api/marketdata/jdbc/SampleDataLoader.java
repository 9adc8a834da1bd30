package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.adapter.persistence.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link SampleMarketData} once per database, when the market tables are empty.
 *
 * <p>Several instances may start at once on one PostgreSQL. Each first tries to insert the data
 * set's row into {@code sample_data_loads}: the primary key lets one win; the others see the row
 * (or a unique violation) and skip. The winner then writes one market per transaction, because
 * H2 slows down markedly under a single transaction of 300,000 rows, and finally marks the row
 * complete. A row still incomplete after {@link #STALE_AFTER} is a load that died half-way: the
 * next start deletes what it wrote and loads again. A winner that finds operator data in the
 * tables records the decision and loads nothing.
 */
public final class SampleDataLoader {

  private static final Logger log = LoggerFactory.getLogger(SampleDataLoader.class);

  /** Far longer than any load takes, even on a slow machine. */
  static final Duration STALE_AFTER = Duration.ofMinutes(15);

  /** What a call did. */
  public record Outcome(boolean loaded, long candles, Duration took) {
    static Outcome skipped() {
      return new Outcome(false, 0, Duration.ZERO);
    }
  }

  private enum Claim { TAKEN, LOADED_ELSEWHERE, OPERATOR_DATA }

  private final Jdbi jdbi;
  private final StoreFailures failures;
  private final Clock clock;
  private final List<SampleMarketData.MarketSpec> markets;

  public SampleDataLoader(Jdbi jdbi, StoreFailures failures, Clock clock) {
    this(jdbi, failures, clock, SampleMarketData.MARKETS);
  }

  /** Loads only {@code markets}: tests use one market to keep a load short. */
  SampleDataLoader(Jdbi jdbi, StoreFailures failures, Clock clock, List<SampleMarketData.MarketSpec> markets) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.markets = List.copyOf(markets);
  }

  public Outcome loadIfEmpty() {
    try {
      return jdbi.withHandle(this::load);
    } catch (JdbiException e) {
      throw failures.translate(e);
    }
  }

  private Outcome load(Handle handle) {
    long started = System.nanoTime();
    MarketDataWriter writer = new MarketDataWriter(handle);
    Claim claim;
    try {
      claim = handle.inTransaction(h -> claim(h, writer));
    } catch (JdbiException e) {
      if (StoreFailures.isUniqueViolation(e)) {
        claim = Claim.LOADED_ELSEWHERE; // another instance inserted the row first
      } else {
        throw e;
      }
    }
    switch (claim) {
      case LOADED_ELSEWHERE -> {
        log.info("sample market data: loaded, or being loaded, by another instance");
        return Outcome.skipped();
      }
      case OPERATOR_DATA -> {
        log.info("sample market data: not loaded, the market tables hold data already");
        return Outcome.skipped();
      }
      case TAKEN -> { }
    }
    long candles = 0;
    for (SampleMarketData.MarketSpec market : markets) {
      candles = handle.inTransaction(h -> SampleMarketData.writeMarket(writer, market));
    }
    handle.createUpdate("UPDATE sample_data_loads SET completed_at = :at WHERE data_set = :dataSet")
        .bind("at", clock.instant())
        .bind("dataSet", SampleMarketData.DATA_SET)
        .execute();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    log.info("sample market data: loaded {} markets, {} candles in {} ms", markets.size(), candles,
        took.toMillis());
    return new Outcome(true, candles, took);
  }

  private Claim claim(Handle handle, MarketDataWriter writer) {
    Instant now = clock.instant();
    Optional<LoadRow> row = handle.createQuery(
            "SELECT started_at, completed_at FROM sample_data_loads WHERE data_set = :dataSet")
        .bind("dataSet", SampleMarketData.DATA_SET)
        .map((rs, ctx) -> new LoadRow(Timestamps.instant(rs, "started_at"),
            Timestamps.optionalInstant(rs, "completed_at")))
        .findOne();
    if (row.isPresent()) {
      if (row.get().completedAt().isPresent() || row.get().startedAt().plus(STALE_AFTER).isAfter(now)) {
        return Claim.LOADED_ELSEWHERE;
      }
      log.warn("sample market data: a load started at {} never completed; loading again", row.get().startedAt());
      // only this instance can get here for this row: the DELETE locks it until the commit
      if (handle.createUpdate("DELETE FROM sample_data_loads WHERE data_set = :dataSet AND completed_at IS NULL")
          .bind("dataSet", SampleMarketData.DATA_SET).execute() == 0) {
        return Claim.LOADED_ELSEWHERE;
      }
      writer.deleteAll();
    }
    handle.createUpdate("INSERT INTO sample_data_loads (data_set, started_at) VALUES (:dataSet, :at)")
        .bind("dataSet", SampleMarketData.DATA_SET)
        .bind("at", now)
        .execute();
    if (!writer.isEmpty()) {
      handle.createUpdate("UPDATE sample_data_loads SET completed_at = started_at WHERE data_set = :dataSet")
          .bind("dataSet", SampleMarketData.DATA_SET)
          .execute();
      return Claim.OPERATOR_DATA;
    }
    SampleMarketData.writeReferenceData(writer);
    return Claim.TAKEN;
  }

  private record LoadRow(Instant startedAt, Optional<Instant> completedAt) {}
}
