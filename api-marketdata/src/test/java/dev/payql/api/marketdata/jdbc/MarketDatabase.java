package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.api.marketdata.data.MarketData;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** A database opened as the application opens it for the market-data API: migrated, sample data loaded if asked. */
final class MarketDatabase implements AutoCloseable {

  private final Persistence persistence;
  private final MarketDataTables tables;
  private final SampleDataLoader.Outcome sampleData;

  private MarketDatabase(Persistence persistence, boolean loadSampleData) {
    this.persistence = persistence;
    this.tables = MarketDataTables.in(persistence, Clock.systemUTC());
    this.sampleData = loadSampleData ? tables.loadSampleDataIfEmpty() : new SampleDataLoader.Outcome(false, 0, Duration.ZERO);
  }

  static MarketDatabase open(PersistenceConfig config, boolean loadSampleData) {
    Persistence persistence = Persistence.open(MarketDataTables.migratedWith(config));
    try {
      return new MarketDatabase(persistence, loadSampleData);
    } catch (RuntimeException e) {
      persistence.close();
      throw e;
    }
  }

  MarketData marketData() {
    return tables.data();
  }

  MarketDataCsvImporter marketDataImporter() {
    return tables.importer();
  }

  /** What loading the sample data did on open. */
  SampleDataLoader.Outcome sampleData() {
    return sampleData;
  }

  Jdbi jdbi() {
    return persistence.jdbi();
  }

  boolean isReachable() {
    return persistence.isReachable();
  }

  @Override
  public void close() {
    persistence.close();
  }
}
