package dev.payql.api.marketdata.forbidden;

import dev.payql.adapter.persistence.store.JdbiPurchaseStore;

/** Deliberately reaches the purchase store from an API, to show the database-only rule catches it. Test sources only. */
public class ApiReadingPurchases {

  public String storeName(JdbiPurchaseStore store) {
    return store.getClass().getSimpleName();
  }
}
