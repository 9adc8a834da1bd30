package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@RequiresPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketDataQueriesPostgresTest extends MarketDataQueriesChecks {

  @TempDir
  static Path directory;

  private PostgresTestDatabase database;
  private MarketDatabase persistence;

  @BeforeAll
  void open() {
    database = PostgresTestDatabase.create();
    persistence = MarketDatabase.open(database.config(), false);
    importHandMadeData(persistence, directory);
  }

  @AfterAll
  void close() {
    if (persistence != null) {
      persistence.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected MarketDatabase persistence() {
    return persistence;
  }
}
