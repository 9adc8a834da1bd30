package dev.payql.adapter.persistence.store;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import dev.payql.ports.out.store.PurchaseStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract and the adapter's own checks on PostgreSQL ({@code PAYQL_TEST_PG_URL}), in a
 * schema of this class's own, emptied before each test.
 */
@RequiresPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbiPurchaseStorePostgresTest extends JdbiPurchaseStoreChecks {

  private PostgresTestDatabase database;
  private Persistence persistence;

  @BeforeAll
  void open() {
    database = PostgresTestDatabase.create();
    persistence = Persistence.open(config());
  }

  @BeforeEach
  void empty() {
    database.execute("DELETE FROM purchases");
    database.execute("DELETE FROM settlement_cursors");
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
  protected PersistenceConfig config() {
    return database.config().withPoolSize(8);
  }

  @Override
  protected PurchaseStore store() {
    return persistence.store();
  }

  @Override
  protected Persistence persistence() {
    return persistence;
  }
}
