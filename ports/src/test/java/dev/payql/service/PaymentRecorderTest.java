package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.out.store.StoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class PaymentRecorderTest {

  private final Shop shop = new Shop();

  @Test
  void aPaymentThatKeepsLosingItsCompareAndSetIsATransientStoreFailureNotACrash() {
    Issued issued = shop.buy(GraphQLRequest.of("{ assets { assetSymbol } }"));
    shop.node.settle(issued.paymentHash());
    PaymentRecorder recorder = new PaymentRecorder(alwaysLosing(shop.store), shop.node, Shop.POLICY);

    assertThatThrownBy(() -> recorder.recordSettlement(issued.paymentHash(), shop.clock.instant()))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("kept changing");
  }

  /** A store where another writer always got there first. */
  private static PurchaseStore alwaysLosing(PurchaseStore store) {
    return (PurchaseStore) Proxy.newProxyInstance(PurchaseStore.class.getClassLoader(),
        new Class<?>[] {PurchaseStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("compareAndSet")) {
            return false;
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
