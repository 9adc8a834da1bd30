package dev.payql.ports.out.credentials;

/**
 * Keeps the one root key that PayQL's payment credentials are signed with, sealed (encrypted), so
 * that every instance sharing the store signs and verifies with the same key while the store alone
 * never shows it. The store knows nothing of sealing: it keeps bytes.
 *
 * <p>May throw {@link dev.payql.ports.out.store.StoreUnavailableException}.
 */
public interface RootKeyStore {

  /**
   * The sealed root key stored first: {@code candidate} if none was stored yet, otherwise the one
   * that was (instances starting at once agree on one, whichever inserted first).
   */
  byte[] sealedRootKey(byte[] candidate);
}
