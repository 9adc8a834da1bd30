package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.InMemoryPurchaseStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SettlementCursorTest {

  private final InMemoryPurchaseStore store = new InMemoryPurchaseStore();
  private final List<Long> writes = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
  private final CountDownLatch firstWriteBegun = new CountDownLatch(1);
  private volatile boolean storeFails;

  /** The in-memory store, whose cursor writes are counted, the first one held until released. */
  private PurchaseStore watchedStore() {
    return (PurchaseStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PurchaseStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("advanceSettlementCursor")) {
            if (storeFails) {
              throw new StoreUnavailableException("the store is down", null);
            }
            writes.add((Long) args[1]);
            if (writes.size() == 1) {
              firstWriteBegun.countDown();
              firstWriteMayEnd.await();
            }
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void settlementsRecordedDuringAWriteShareTheNextWrite() throws Exception {
    SettlementCursor cursor = new SettlementCursor(watchedStore(), "node");

    cursor.advanceTo(1);
    firstWriteBegun.await();
    cursor.advanceTo(2);
    cursor.advanceTo(3);
    cursor.advanceTo(4);
    firstWriteMayEnd.countDown();

    Eventually.await("the cursor to reach 4", () -> store.settlementCursor("node") == 4);
    cursor.flush();
    assertThat(writes).containsExactly(1L, 4L);
  }

  @Test
  void aLowerOrEqualCursorWritesNothing() throws Exception {
    firstWriteMayEnd.countDown();
    SettlementCursor cursor = new SettlementCursor(watchedStore(), "node");
    cursor.advanceTo(5);
    cursor.flush();

    cursor.advanceTo(5);
    cursor.advanceTo(3);
    cursor.flush();

    assertThat(writes).containsExactly(5L);
    assertThat(store.settlementCursor("node")).isEqualTo(5);
  }

  @Test
  void aFailedWriteIsTriedAgainByTheFlush() throws Exception {
    firstWriteMayEnd.countDown();
    SettlementCursor cursor = new SettlementCursor(watchedStore(), "node");
    storeFails = true;
    cursor.advanceTo(7);
    cursor.flush(); // fails as well, after the background write: both logged, neither thrown
    assertThat(store.settlementCursor("node")).isZero();

    storeFails = false;
    cursor.flush();

    assertThat(store.settlementCursor("node")).isEqualTo(7);
  }
}
