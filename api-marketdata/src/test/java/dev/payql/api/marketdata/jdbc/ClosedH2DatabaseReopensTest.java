package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.api.marketdata.data.Market;
import dev.payql.ports.out.store.StoreUnavailableException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database PayQL closed opens again. H2 2.3.232 compacts the file when the last connection
 * closes; on an idle machine that compaction moved a chunk over another, failed its own assertion
 * and left a file that could no longer be opened ("Double mark" on the next open): every
 * end-to-end test that started from a copy of a closed database failed in CI. Surefire runs with
 * assertions on, as H2's own tests do, so this test sees the broken invariant where production
 * would write on past it.
 */
class ClosedH2DatabaseReopensTest {

  @TempDir
  Path directory;

  @Test
  void aDatabaseWithTheSampleDataClosedAndOpenedAgainStillHoldsIt() {
    PersistenceConfig config = PersistenceConfig.h2(directory.resolve("data"));
    int markets;
    try (MarketDatabase first = MarketDatabase.open(config, true)) {
      assertThat(first.sampleData().loaded()).isTrue();
      markets = first.marketData().markets(Optional.empty()).size();
    }

    try (MarketDatabase again = MarketDatabase.open(config, true)) {
      assertThat(again.sampleData().loaded()).isFalse();
      assertThat(again.marketData().markets(Optional.empty())).extracting(Market::marketSymbol).hasSize(markets);
      assertThat(again.isReachable()).isTrue();
    }
  }

  @Test
  void theMarketDataOfAClosedDatabaseIsStoreUnavailable() {
    MarketDatabase database = MarketDatabase.open(PersistenceConfig.h2(directory.resolve("data")), false);
    var marketData = database.marketData();
    database.close();

    assertThatThrownBy(marketData::exchanges).isInstanceOf(StoreUnavailableException.class);
  }
}
