package dev.payql.adapter.persistence.market;

import dev.payql.adapter.persistence.StoreFailures;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link SampleMarketData} once per database, when the market tables are empty.
 *
 * <p>Several instances may start at once on one PostgreSQL. Each tries, in one transaction, to
 * insert the data set's row into {@code sample_data_loads} first: the primary key lets one win;
 * the others wait on that row until the winner commits, then fail with a unique violation and skip.
 * A winner that finds operator data already in the tables records the decision and loads nothing.
 */
public final class SampleDataLoader {

  private static final Logger log = LoggerFactory.getLogger(SampleDataLoader.class);

  /** Attempts when another instance holds the row lock longer than the database's lock timeout. */
  private static final int ATTEMPTS = 6;

  /** What a call did. */
  public record Outcome(boolean loaded, long candles, Duration took) {}

  private final Jdbi jdbi;
  private final StoreFailures failures;
  private final Clock clock;

  public SampleDataLoader(Jdbi jdbi, StoreFailures failures, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Outcome loadIfEmpty() {
    RuntimeException lastBusy = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return attempt();
      } catch (JdbiException e) {
        if (StoreFailures.isUniqueViolation(e)) {
          log.info("sample market data: another instance loaded it");
          return new Outcome(false, 0, Duration.ZERO);
        }
        RuntimeException translated = failures.translate(e);
        if (!(translated instanceof dev.payql.ports.out.store.StoreUnavailableException)) {
          throw translated;
        }
        lastBusy = translated; // a lock timeout while another instance is loading: try again
      }
    }
    throw lastBusy;
  }

  private Outcome attempt() {
    long started = System.nanoTime();
    Optional<Long> candles = jdbi.inTransaction(handle -> {
      boolean recorded = handle.createQuery("SELECT COUNT(*) FROM sample_data_loads WHERE data_set = :dataSet")
          .bind("dataSet", SampleMarketData.DATA_SET).mapTo(Long.class).one() > 0;
      if (recorded) {
        return Optional.<Long>empty();
      }
      handle.createUpdate("INSERT INTO sample_data_loads (data_set, loaded_at) VALUES (:dataSet, :at)")
          .bind("dataSet", SampleMarketData.DATA_SET)
          .bind("at", clock.instant())
          .execute();
      MarketDataWriter writer = new MarketDataWriter(handle);
      if (!writer.isEmpty()) {
        log.info("sample market data: not loaded, the market tables hold data already");
        return Optional.<Long>empty();
      }
      return Optional.of(SampleMarketData.writeTo(writer));
    });
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    candles.ifPresent(n -> log.info("sample market data: loaded {} markets, {} candles in {} ms",
        SampleMarketData.MARKETS.size(), n, took.toMillis()));
    return new Outcome(candles.isPresent(), candles.orElse(0L), took);
  }
}
