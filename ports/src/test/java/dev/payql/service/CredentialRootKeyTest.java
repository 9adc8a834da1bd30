package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.ports.testing.InMemoryRootKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CredentialRootKeyTest {

  private static final byte[] SECRET = "a secret of the operator's, long enough".getBytes(StandardCharsets.UTF_8);
  private final SecureRandom random = new SecureRandom();

  @Test
  void instancesWithTheSameSecretShareOneRootKey() {
    InMemoryRootKeyStore store = new InMemoryRootKeyStore();

    byte[] first = CredentialRootKey.load(store, SECRET, random);
    byte[] second = CredentialRootKey.load(store, SECRET, random);

    assertThat(first).hasSize(CredentialRootKey.ROOT_KEY_BYTES).isEqualTo(second);
  }

  @Test
  void theStoreNeverHoldsTheKeyInClear() {
    RecordingStore store = new RecordingStore();

    byte[] rootKey = CredentialRootKey.load(store, SECRET, random);

    assertThat(store.kept).hasSize(1 + 12 + 32 + 16);
    assertThat(indexOf(store.kept, rootKey)).isEqualTo(-1);
  }

  @Test
  void anotherSecretCannotUnsealItAndSaysWhy() {
    InMemoryRootKeyStore store = new InMemoryRootKeyStore();
    CredentialRootKey.load(store, SECRET, random);

    assertThatThrownBy(() -> CredentialRootKey.load(store, "another secret, as long as the first".getBytes(
        StandardCharsets.UTF_8), random))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAYQL_CREDENTIALS_SECRET");
  }

  @Test
  void aTamperedSealIsRefused() {
    byte[] key = CredentialRootKey.sealingKey(SECRET);
    byte[] sealed = CredentialRootKey.seal(new byte[32], key, random);
    sealed[20] ^= 1;

    assertThatThrownBy(() -> CredentialRootKey.unseal(sealed, key)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> CredentialRootKey.load(new InMemoryRootKeyStore(), new byte[8], random))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final class RecordingStore implements dev.payql.ports.out.credentials.RootKeyStore {
    private final InMemoryRootKeyStore store = new InMemoryRootKeyStore();
    byte[] kept;

    @Override
    public synchronized byte[] sealedRootKey(byte[] candidate) {
      kept = store.sealedRootKey(candidate);
      return kept;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
