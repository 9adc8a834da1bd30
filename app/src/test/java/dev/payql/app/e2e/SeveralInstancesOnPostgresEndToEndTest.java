package dev.payql.app.e2e;

import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two PayQL instances in one JVM on one PostgreSQL schema and one simulated node. The PostgreSQL is
 * the persistence tests' own ({@code PAYQL_TEST_PG_URL}, else an embedded one when not root).
 */
@RequiresPostgres
class SeveralInstancesOnPostgresEndToEndTest extends NothingLostNothingServedTwiceScenarios {

  private static PostgresTestDatabase database;

  @BeforeAll
  static void createSchema() {
    database = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropSchema() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Map<String, String> storeSettings() {
    // without sample data: these scenarios count executions, they do not read market data
    return Map.of("PAYQL_STORE_URL", database.jdbcUrl(), "PAYQL_STORE_SAMPLE_DATA", "false");
  }

  @Override
  protected int instanceCount() {
    return 2;
  }
}
