package dev.payql.api.marketdata.jdbc;

import static dev.payql.api.marketdata.jdbc.OldDataDirectoriesMigrateTest.history;
import static dev.payql.api.marketdata.jdbc.OldDataDirectoriesMigrateTest.migrateAsBeforeTheSplit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OldDataDirectoriesMigrateTest} on PostgreSQL: a schema migrated before the split opens with its market data. */
@RequiresPostgres
class OldPostgresSchemaMigratesTest {

  @TempDir
  Path directory;

  @Test
  void anOldPostgresSchemaOpensWithItsMarketData() throws IOException {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      migrateAsBeforeTheSplit(database.config(), directory);
      try (MarketDatabase old = MarketDatabase.open(database.config(), false)) {
        old.marketDataImporter().importDirectory(HandMadeMarketData.writeTo(directory.resolve("csv")));
      }

      try (MarketDatabase reopened = MarketDatabase.open(database.config(), false)) {
        assertThat(reopened.marketData().exchange("kraken")).isPresent();
        assertThat(history(reopened.jdbi())).containsExactly("1", "2", "4", "5", "6");
      }
    }
  }
}
