package dev.payql.ports.out.store;

import dev.payql.ports.testing.InMemoryPurchaseStore;
import org.junit.jupiter.api.BeforeEach;

/** The service tests' store double keeps the same contract as the real stores. */
class InMemoryPurchaseStoreTest extends PurchaseStoreContract {

  private InMemoryPurchaseStore store;

  @BeforeEach
  void freshStore() {
    store = new InMemoryPurchaseStore();
  }

  @Override
  protected PurchaseStore store() {
    return store;
  }
}
