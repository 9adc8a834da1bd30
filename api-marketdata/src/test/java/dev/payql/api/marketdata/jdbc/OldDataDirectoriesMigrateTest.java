package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.ports.testing.TestPurchases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases made before the market tables moved to this module: their one Flyway history holds
 * {@code V2__market_data.sql}, applied from the persistence adapter's {@code db/migration}. Such a
 * database is rebuilt here exactly as it was, by migrating the three scripts of that time from one
 * location (Flyway records version, description, script name and checksum, never the location), and
 * then opened as PayQL opens it now.
 */
class OldDataDirectoriesMigrateTest {

  private static final List<String> SCRIPTS_BEFORE_THE_SPLIT = List.of(
      "db/migration/V1__purchases.sql", "db/marketdata/V2__market_data.sql", "db/migration/V4__refunds.sql");
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir
  Path directory;

  @Test
  void anOldH2DataDirectoryOpensWithItsMarketDataAndItsPurchases() throws IOException {
    PersistenceConfig config = PersistenceConfig.h2(directory.resolve("data"));
    migrateAsBeforeTheSplit(config, directory);
    var purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    try (MarketDatabase old = MarketDatabase.open(config, false)) {
      old.marketDataImporter().importDirectory(HandMadeMarketData.writeTo(directory.resolve("csv")));
    }
    try (Persistence old = Persistence.open(config)) {
      old.store().insert(purchase);
    }

    try (MarketDatabase reopened = MarketDatabase.open(config, false)) {
      assertThat(reopened.marketData().exchange("kraken")).isPresent();
      assertThat(history(reopened.jdbi())).containsExactly("1", "2", "4", "5", "6");
    }
    try (Persistence reopened = Persistence.open(MarketDataTables.migratedWith(config))) {
      assertThat(reopened.store().findByKeyDigest(purchase.keyDigest())).contains(purchase);
    }
  }

  @Test
  void anOldDataDirectoryOpensWithoutTheMarketModuleToo() throws IOException {
    PersistenceConfig config = PersistenceConfig.h2(directory.resolve("data"));
    migrateAsBeforeTheSplit(config, directory);

    // proxy mode: the market migrations are not on the list; the applied V2 is no error
    try (Persistence purchasesOnly = Persistence.open(config)) {
      assertThat(purchasesOnly.isReachable()).isTrue();
      assertThat(history(purchasesOnly.jdbi())).containsExactly("1", "2", "4", "5", "6");
    }
  }

  @Test
  void aDatabaseStartedWithoutTheMarketModuleGetsItsTablesWhenItIsAdded() {
    PersistenceConfig config = PersistenceConfig.h2(directory.resolve("data"));
    try (Persistence purchasesOnly = Persistence.open(config)) {
      assertThat(history(purchasesOnly.jdbi())).containsExactly("1", "4", "5", "6");
    }

    try (MarketDatabase withMarkets = MarketDatabase.open(config, false)) {
      assertThat(withMarkets.marketData().markets(Optional.empty())).isEmpty();
      assertThat(history(withMarkets.jdbi())).containsExactlyInAnyOrder("1", "2", "4", "5", "6");
    }
  }

  /** The scripts of that time, in one location, migrated by a Flyway that knows nothing of modules. */
  static void migrateAsBeforeTheSplit(PersistenceConfig config, Path directory) throws IOException {
    Path legacy = Files.createDirectories(directory.resolve("legacy-migrations-" + System.nanoTime()));
    for (String script : SCRIPTS_BEFORE_THE_SPLIT) {
      try (InputStream in = OldDataDirectoriesMigrateTest.class.getClassLoader().getResourceAsStream(script)) {
        assertThat(in).as(script).isNotNull();
        Files.copy(in, legacy.resolve(Path.of(script).getFileName()));
      }
    }
    var result = Flyway.configure()
        .dataSource(config.dialect().connectionUrl(config.jdbcUrl()), config.user(), config.password())
        .locations("filesystem:" + legacy)
        .load()
        .migrate();
    assertThat(result.migrationsExecuted).isEqualTo(3);
  }

  static List<String> history(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
        .mapTo(String.class).list());
  }
}
