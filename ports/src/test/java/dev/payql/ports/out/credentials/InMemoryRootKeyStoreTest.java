package dev.payql.ports.out.credentials;

import dev.payql.ports.testing.InMemoryRootKeyStore;

class InMemoryRootKeyStoreTest extends RootKeyStoreContract {

  private InMemoryRootKeyStore store;

  @Override
  protected RootKeyStore emptyStore() {
    store = new InMemoryRootKeyStore();
    return store;
  }

  @Override
  protected RootKeyStore sameStoreAgain() {
    return store;
  }
}
