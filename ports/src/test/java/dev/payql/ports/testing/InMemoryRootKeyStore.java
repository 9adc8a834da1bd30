package dev.payql.ports.testing;

import dev.payql.ports.out.credentials.RootKeyStore;

/** The root key store in memory: what a host without a database, and the services' tests, use. */
public final class InMemoryRootKeyStore implements RootKeyStore {

  private byte[] stored;

  @Override
  public synchronized byte[] sealedRootKey(byte[] candidate) {
    if (stored == null) {
      stored = candidate.clone();
    }
    return stored.clone();
  }
}
