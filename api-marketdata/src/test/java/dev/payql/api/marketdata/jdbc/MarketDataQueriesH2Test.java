package dev.payql.api.marketdata.jdbc;

import dev.payql.adapter.persistence.PersistenceConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class MarketDataQueriesH2Test extends MarketDataQueriesChecks {

  @TempDir
  static Path directory;

  private static MarketDatabase persistence;

  @BeforeAll
  static void open() {
    persistence = MarketDatabase.open(PersistenceConfig.h2(directory.resolve("data")), false);
    importHandMadeData(persistence, directory.resolve("csv"));
  }

  @AfterAll
  static void close() {
    persistence.close();
  }

  @Override
  protected MarketDatabase persistence() {
    return persistence;
  }
}
