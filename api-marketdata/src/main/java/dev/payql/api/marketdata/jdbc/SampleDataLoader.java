package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.adapter.persistence.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
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
 * complete. The claim is quick and runs before PayQL serves ({@link #begin()}); the writing, or
 * waiting for the instance that writes, runs in the background ({@link Pending#finish()}), so the
 * server answers while the data loads and says when it is ready. A row still incomplete after
 * {@link #STALE_AFTER} is a load that died half-way: the next start deletes what it wrote and loads
 * again; one stopped by a server stopping ({@link Pending#cancel()}) is redone by the next start at once. A winner that finds operator data in the
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

  /** Who loads: this instance, nobody (done before, or the operator's data), or another instance now. */
  enum Claim { TAKEN, TAKEN_AND_FAILED, LOADED, LOADING_ELSEWHERE, OPERATOR_DATA }

  /** How often an instance waiting for another's load looks whether it completed. */
  static final Duration WAIT_FOR_OTHER_INSTANCE = Duration.ofSeconds(1);
  /** About this many progress lines are logged during a load. */
  private static final int PROGRESS_REPORTS = 10;

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

  /** Claims and, if this instance won, loads; a load in progress elsewhere is left to it. */
  public Outcome loadIfEmpty() {
    Pending pending = begin();
    return pending.claim() == Claim.TAKEN ? pending.finish() : Outcome.skipped();
  }

  /**
   * The quick first step of a load, run before PayQL serves: decides who loads. What remains (the
   * candles, or waiting for the instance that writes them) is {@link Pending#finish()}, which a
   * server runs in the background while it already answers.
   */
  public Pending begin() {
    return new Pending(claimOnce(false));
  }

  /** A load begun: {@link #ready()} at once when there is nothing to write or wait for. */
  public final class Pending {

    private Claim claim;
    private volatile boolean cancelled;

    private Pending(Claim claim) {
      this.claim = claim;
    }

    Claim claim() {
      return claim;
    }

    /** The market tables hold their data already: loaded before, or the operator's own. */
    public boolean ready() {
      return claim == Claim.LOADED || claim == Claim.OPERATOR_DATA;
    }

    /**
     * Writes the data set if this instance won the claim, or waits until the instance that did
     * completes it, taking it over if that load dies (no longer recorded as started recently).
     *
     * @throws dev.payql.ports.out.store.StoreUnavailableException when the store fails; {@link #finish()}
     *     may be called again
     */
    public Outcome finish() {
      try {
        while (true) {
          if (cancelled) {
            if (claim == Claim.TAKEN || claim == Claim.TAKEN_AND_FAILED) {
              jdbi.useHandle(handle -> abandon(handle, 0));
            }
            throw new CancellationException("sample data load cancelled");
          }
          switch (claim) {
            case LOADED, OPERATOR_DATA -> {
              return Outcome.skipped();
            }
            case TAKEN -> {
              try {
                Outcome outcome = jdbi.withHandle(handle -> writeMarkets(handle, this));
                claim = Claim.LOADED;
                return outcome;
              } catch (CancellationException e) {
                throw e;
              } catch (RuntimeException e) {
                // this instance's own row: a retry clears what it wrote and starts again at once
                // rather than waiting for the row to go stale as another instance's would
                claim = Claim.TAKEN_AND_FAILED;
                throw e;
              }
            }
            case TAKEN_AND_FAILED -> claim = claimOnce(true);
            case LOADING_ELSEWHERE -> {
              sleep(WAIT_FOR_OTHER_INSTANCE); // cancel() is seen within one wait
              claim = claimOnce(false);
            }
          }
        }
      } catch (JdbiException e) {
        throw failures.translate(e);
      }
    }

    /**
     * Stops {@link #finish()} after the market it is writing (each is its own transaction): the
     * server is stopping. A load of this instance's is marked abandoned, so the next start loads
     * again at once instead of waiting {@link #STALE_AFTER} for it.
     */
    public void cancel() {
      cancelled = true;
    }
  }

  private static void sleep(Duration time) {
    try {
      Thread.sleep(time);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another instance's sample data load", e);
    }
  }

  /** @param retake the row is this instance's own, of a load that failed: take it over now */
  private Claim claimOnce(boolean retake) {
    try {
      return jdbi.withHandle(handle -> {
        Claim claim;
        try {
          claim = handle.inTransaction(h -> claim(h, new MarketDataWriter(h), retake));
        } catch (JdbiException e) {
          if (StoreFailures.isUniqueViolation(e)) {
            return Claim.LOADING_ELSEWHERE; // another instance inserted the row first
          }
          throw e;
        }
        switch (claim) {
          case LOADED, LOADING_ELSEWHERE -> log.info("sample market data: loaded, or being loaded, by another instance");
          case OPERATOR_DATA -> log.info("sample market data: not loaded, the market tables hold data already");
          case TAKEN, TAKEN_AND_FAILED ->
              log.info("sample market data: loading {} markets in the background", markets.size());
        }
        return claim;
      });
    } catch (JdbiException e) {
      throw failures.translate(e);
    }
  }

  private Outcome writeMarkets(Handle handle, Pending pending) {
    long started = System.nanoTime();
    MarketDataWriter writer = new MarketDataWriter(handle);
    long candles = 0;
    int written = 0;
    int reportEvery = Math.max(1, markets.size() / PROGRESS_REPORTS);
    for (SampleMarketData.MarketSpec market : markets) {
      if (pending.cancelled) {
        abandon(handle, written);
        throw new CancellationException("sample data load cancelled");
      }
      candles = handle.inTransaction(h -> SampleMarketData.writeMarket(writer, market));
      written++;
      if (written % reportEvery == 0 && written < markets.size()) {
        log.info("sample market data: {} of {} markets loaded ({} candles)", written, markets.size(), candles);
      }
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

  /** Dates this instance's load back past {@link #STALE_AFTER}, so the next start takes it over at once. */
  private void abandon(Handle handle, int written) {
    handle.createUpdate("UPDATE sample_data_loads SET started_at = :abandoned WHERE data_set = :dataSet"
            + " AND completed_at IS NULL")
        .bind("abandoned", Instant.EPOCH)
        .bind("dataSet", SampleMarketData.DATA_SET)
        .execute();
    log.info("sample market data: load stopped after {} of {} markets; the next start loads again", written,
        markets.size());
  }

  private Claim claim(Handle handle, MarketDataWriter writer, boolean retake) {
    Instant now = clock.instant();
    Optional<LoadRow> row = handle.createQuery(
            "SELECT started_at, completed_at FROM sample_data_loads WHERE data_set = :dataSet")
        .bind("dataSet", SampleMarketData.DATA_SET)
        .map((rs, ctx) -> new LoadRow(Timestamps.instant(rs, "started_at"),
            Timestamps.optionalInstant(rs, "completed_at")))
        .findOne();
    if (row.isPresent()) {
      if (row.get().completedAt().isPresent()) {
        return Claim.LOADED;
      }
      if (!retake && row.get().startedAt().plus(STALE_AFTER).isAfter(now)) {
        return Claim.LOADING_ELSEWHERE;
      }
      log.warn("sample market data: a load started at {} never completed; loading again", row.get().startedAt());
      // only this instance can get here for this row: the DELETE locks it until the commit
      if (handle.createUpdate("DELETE FROM sample_data_loads WHERE data_set = :dataSet AND completed_at IS NULL")
          .bind("dataSet", SampleMarketData.DATA_SET).execute() == 0) {
        return Claim.LOADING_ELSEWHERE;
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
