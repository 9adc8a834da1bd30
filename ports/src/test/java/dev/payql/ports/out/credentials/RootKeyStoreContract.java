package dev.payql.ports.out.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link RootKeyStore} does; an adapter's test only says how to make one on an empty store. */
public abstract class RootKeyStoreContract {

  protected abstract RootKeyStore emptyStore();

  /** Another handle on the same stored data, as a second instance would have. */
  protected abstract RootKeyStore sameStoreAgain();

  @Test
  public void theFirstCandidateIsKeptAndEveryLaterOneGetsIt() {
    RootKeyStore store = emptyStore();

    assertThat(store.sealedRootKey(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    assertThat(store.sealedRootKey(new byte[] {9, 9})).containsExactly(1, 2, 3);
    assertThat(sameStoreAgain().sealedRootKey(new byte[] {7})).containsExactly(1, 2, 3);
  }

  @Test
  public void instancesStartingAtOnceAgreeOnOneKey() throws Exception {
    RootKeyStore first = emptyStore();
    RootKeyStore second = sameStoreAgain();
    List<Callable<byte[]>> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      byte candidate = (byte) i;
      RootKeyStore store = i % 2 == 0 ? first : second;
      starts.add(() -> store.sealedRootKey(new byte[] {candidate, candidate}));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<byte[]> keys = new ArrayList<>();
      for (Future<byte[]> key : pool.invokeAll(starts)) {
        keys.add(key.get());
      }
      assertThat(keys).allSatisfy(key -> assertThat(key).isEqualTo(keys.getFirst()));
    } finally {
      pool.shutdownNow();
    }
  }
}
