package dev.payql.adapter.persistence.store;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.ports.out.store.PurchaseStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The store contract and the adapter's own checks on an H2 file database, a new one per test. */
class JdbiPurchaseStoreH2Test extends JdbiPurchaseStoreChecks {

  @TempDir
  Path dataDirectory;

  private Persistence persistence;

  @BeforeEach
  void open() {
    persistence = Persistence.open(config());
  }

  @AfterEach
  void close() {
    persistence.close();
  }

  @Override
  protected PersistenceConfig config() {
    return PersistenceConfig.h2(dataDirectory);
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
