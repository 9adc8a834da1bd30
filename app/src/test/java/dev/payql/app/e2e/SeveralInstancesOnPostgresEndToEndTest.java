package dev.payql.app.e2e;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two PayQL instances in one JVM on one PostgreSQL schema and one simulated node. */
class SeveralInstancesOnPostgresEndToEndTest extends NothingLostNothingServedTwiceScenarios {

  private static PostgresSchema schema;

  @BeforeAll
  static void createSchema() {
    schema = PostgresSchema.create();
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      schema.close();
    }
  }

  @Override
  protected Map<String, String> storeSettings() {
    // without sample data: these scenarios count executions, they do not read market data
    return Map.of("PAYQL_STORE_URL", schema.jdbcUrl(), "PAYQL_STORE_SAMPLE_DATA", "false");
  }

  @Override
  protected int instanceCount() {
    return 2;
  }
}
