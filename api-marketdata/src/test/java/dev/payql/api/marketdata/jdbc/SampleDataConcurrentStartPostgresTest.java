package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three instances starting at once on one fresh PostgreSQL: one migrates and loads, none twice. */
@RequiresPostgres
class SampleDataConcurrentStartPostgresTest {

  private PostgresTestDatabase database;

  @BeforeEach
  void create() {
    database = PostgresTestDatabase.create();
  }

  @AfterEach
  void drop() {
    database.close();
  }

  @Test
  void instancesStartingTogetherLoadTheSampleDataExactlyOnce() throws Exception {
    int instances = 3;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<MarketDatabase>> opened = new ArrayList<>();
    List<MarketDatabase> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(instances)) {
      for (int i = 0; i < instances; i++) {
        opened.add(pool.submit(() -> {
          start.await();
          return MarketDatabase.open(database.config().withPoolSize(2), true);
        }));
      }
      start.countDown();
      for (Future<MarketDatabase> f : opened) {
        all.add(f.get());
      }
    }
    try {
      assertThat(all).filteredOn(p -> p.sampleData().loaded()).hasSize(1);
      MarketDatabase loader = all.stream().filter(p -> p.sampleData().loaded()).findFirst().orElseThrow();
      System.out.printf("sample data on PostgreSQL: %d candles in %d ms%n", loader.sampleData().candles(),
          loader.sampleData().took().toMillis());

      List<Market> markets = all.getFirst().marketData().markets(Optional.empty());
      assertThat(markets).hasSize(SampleMarketData.MARKETS.size());
      for (Market market : markets) {
        assertThat(all.getLast().marketData().candles(market.marketSymbol(), Resolution._1m, Optional.empty(), 20_000))
            .hasSize(SampleMarketData.CANDLES_PER_MARKET);
      }
      assertThat(all.getFirst().marketData().exchange("binance")).map(e -> e.country()).contains("MT");
    } finally {
      all.forEach(MarketDatabase::close);
    }
  }
}
