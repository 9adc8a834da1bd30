package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.api.marketdata.data.MarketData;
import java.time.Clock;
import java.util.Objects;

/**
 * The market-data API's tables in the configured database: the {@link MarketData} the schema reads,
 * the importer of the operator's CSV files and the sample data loaded on first start. The tables
 * come from this module's migrations ({@link #MIGRATIONS}), which the database applies when the
 * configuration names them ({@link #migratedWith}).
 */
public final class MarketDataTables {

  /** This module's Flyway migrations: {@code db/marketdata} in its jar. */
  public static final String MIGRATIONS = "classpath:db/marketdata";

  private final JdbiMarketData data;
  private final MarketDataCsvImporter importer;
  private final SampleDataLoader sampleData;

  private MarketDataTables(Persistence database, Clock clock) {
    this.data = new JdbiMarketData(database.jdbi(), database.failures());
    this.importer = new MarketDataCsvImporter(database.jdbi(), database.failures());
    this.sampleData = new SampleDataLoader(database.jdbi(), database.failures(), clock);
  }

  /** {@code config} with this module's migrations, so that opening it creates or updates the tables. */
  public static PersistenceConfig migratedWith(PersistenceConfig config) {
    return config.withModuleMigrations(MIGRATIONS);
  }

  /**
   * The tables of {@code database}, opened with {@link #migratedWith} its configuration.
   *
   * @param clock when sample data loads started (judging a load that died half-way)
   */
  public static MarketDataTables in(Persistence database, Clock clock) {
    return new MarketDataTables(Objects.requireNonNull(database, "database"), Objects.requireNonNull(clock, "clock"));
  }

  public MarketData data() {
    return data;
  }

  /** Replaces the market data with the operator's CSV files (format on {@link MarketDataCsvImporter}). */
  public MarketDataCsvImporter importer() {
    return importer;
  }

  /** Loads the bundled sample data set unless the tables hold data already or another instance loads it. */
  public SampleDataLoader.Outcome loadSampleDataIfEmpty() {
    return sampleData.loadIfEmpty();
  }

  /**
   * Decides quickly whether the sample data needs loading here or elsewhere; the returned load's
   * {@link SampleDataLoader.Pending#finish()} does the long part, which a server runs while it serves.
   */
  public SampleDataLoader.Pending beginSampleDataLoad() {
    return sampleData.begin();
  }
}
