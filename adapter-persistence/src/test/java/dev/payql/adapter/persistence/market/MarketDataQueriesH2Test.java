package dev.payql.adapter.persistence.market;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class MarketDataQueriesH2Test extends MarketDataQueriesChecks {

  @TempDir
  static Path directory;

  private static Persistence persistence;

  @BeforeAll
  static void open() {
    persistence = Persistence.open(PersistenceConfig.h2(directory.resolve("data")).withLoadSampleData(false));
    importHandMadeData(persistence, directory.resolve("csv"));
  }

  @AfterAll
  static void close() {
    persistence.close();
  }

  @Override
  protected Persistence persistence() {
    return persistence;
  }
}
