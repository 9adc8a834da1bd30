package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.persistence.Dialect;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.adapter.persistence.StoreFailures;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.Resolution;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the sample data is loaded, and when not: one market of it, on H2, to keep each load short. */
class SampleDataLoaderTest {

  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
  private static final SampleMarketData.MarketSpec ONE_MARKET = new SampleMarketData.MarketSpec("Binance", "LTC", "BTC");

  @TempDir
  Path directory;

  private MarketDatabase persistence;
  private Jdbi jdbi;
  private SampleDataLoader loader;

  @BeforeEach
  void open() {
    PersistenceConfig config = PersistenceConfig.h2(directory.resolve("data"));
    persistence = MarketDatabase.open(config, false);
    jdbi = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
    loader = new SampleDataLoader(jdbi, new StoreFailures(Dialect.H2), Clock.fixed(NOW, ZoneOffset.UTC),
        List.of(ONE_MARKET));
  }

  @AfterEach
  void close() {
    persistence.close();
  }

  private void recordLoad(Instant startedAt, Instant completedAt) {
    jdbi.useHandle(h -> h.createUpdate(
            "INSERT INTO sample_data_loads (data_set, started_at, completed_at) VALUES (:dataSet, :startedAt, :completedAt)")
        .bind("dataSet", SampleMarketData.DATA_SET)
        .bind("startedAt", startedAt.atOffset(ZoneOffset.UTC))
        .bind("completedAt", completedAt == null ? null : completedAt.atOffset(ZoneOffset.UTC))
        .execute());
  }

  @Test
  void anEmptyDatabaseGetsTheSampleDataOnceOnly() {
    SampleDataLoader.Outcome first = loader.loadIfEmpty();
    SampleDataLoader.Outcome second = loader.loadIfEmpty();

    assertThat(first.loaded()).isTrue();
    assertThat(first.candles()).isEqualTo(SampleMarketData.CANDLES_PER_MARKET);
    assertThat(second.loaded()).isFalse();
    assertThat(persistence.marketData().candles("Binance:LTC/BTC", Resolution._1m, Optional.empty(), 20_000))
        .hasSize(SampleMarketData.CANDLES_PER_MARKET);
  }

  @Test
  void theOperatorsOwnDataIsNeverReplaced() {
    MarketDataQueriesChecks.importHandMadeData(persistence, directory.resolve("csv"));

    assertThat(loader.loadIfEmpty().loaded()).isFalse();

    assertThat(persistence.marketData().markets(Optional.empty())).extracting(Market::marketSymbol)
        .containsExactly("Kraken:BTC/USD", "Kraken:ETH/USD");
    assertThat(loader.loadIfEmpty().loaded()).isFalse();
  }

  @Test
  void aLoadStartedRecentlyByAnotherInstanceIsLeftToIt() {
    recordLoad(NOW.minus(Duration.ofMinutes(1)), null);

    assertThat(loader.loadIfEmpty().loaded()).isFalse();
    assertThat(persistence.marketData().markets(Optional.empty())).isEmpty();
  }

  @Test
  void aLoadThatDiedHalfWayIsClearedAndRedone() {
    MarketDataQueriesChecks.importHandMadeData(persistence, directory.resolve("csv")); // stands for the half load
    recordLoad(NOW.minus(SampleDataLoader.STALE_AFTER).minusSeconds(1), null);

    SampleDataLoader.Outcome outcome = loader.loadIfEmpty();

    assertThat(outcome.loaded()).isTrue();
    assertThat(persistence.marketData().markets(Optional.empty())).extracting(Market::marketSymbol)
        .containsExactly("Binance:LTC/BTC");
    assertThat(persistence.marketData().exchanges()).hasSize(SampleMarketData.EXCHANGES.size());
    assertThat(loader.loadIfEmpty().loaded()).isFalse();
  }

  @Test
  void aBegunLoadIsReadyOnlyOnceItsDataIsWritten() {
    SampleDataLoader.Pending first = loader.begin();

    assertThat(first.ready()).isFalse();
    assertThat(first.finish().loaded()).isTrue();
    assertThat(persistence.marketData().markets(Optional.empty())).extracting(Market::marketSymbol)
        .containsExactly("Binance:LTC/BTC");
    assertThat(loader.begin().ready()).isTrue();
  }

  @Test
  void aLoadInProgressElsewhereIsWaitedForUntilItCompletes() throws Exception {
    recordLoad(NOW.minus(Duration.ofMinutes(1)), null);
    SampleDataLoader.Pending pending = loader.begin();
    assertThat(pending.ready()).isFalse();

    try (ExecutorService waiting = Executors.newSingleThreadExecutor()) {
      Future<SampleDataLoader.Outcome> outcome = waiting.submit(pending::finish);
      assertThatThrownBy(() -> outcome.get(2 * SampleDataLoader.WAIT_FOR_OTHER_INSTANCE.toMillis(), TimeUnit.MILLISECONDS))
          .as("still waiting for the other instance").isInstanceOf(TimeoutException.class);

      jdbi.useHandle(h -> h.execute("UPDATE sample_data_loads SET completed_at = started_at"));

      assertThat(outcome.get(1, TimeUnit.MINUTES).loaded()).as("written by the other instance").isFalse();
    }
    assertThat(pending.ready()).isTrue();
  }

  @Test
  void aLoadStoppedByItsServerIsRedoneByTheNextStartAtOnce() {
    SampleDataLoader.Pending stopped = loader.begin();
    stopped.cancel();

    assertThatThrownBy(stopped::finish).isInstanceOf(CancellationException.class);
    assertThat(persistence.marketData().markets(Optional.empty())).isEmpty();

    SampleDataLoader.Pending next = loader.begin();
    assertThat(next.ready()).isFalse();
    assertThat(next.finish().loaded()).as("not left waiting for the stopped load to go stale").isTrue();
    assertThat(persistence.marketData().markets(Optional.empty())).extracting(Market::marketSymbol)
        .containsExactly("Binance:LTC/BTC");
  }
}
