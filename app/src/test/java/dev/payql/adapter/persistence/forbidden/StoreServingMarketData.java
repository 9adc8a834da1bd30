package dev.payql.adapter.persistence.forbidden;

import dev.payql.api.marketdata.data.MarketData;

/** Deliberately serves market data from the persistence adapter, to show the purchases-only rule catches it. Test sources only. */
public class StoreServingMarketData {

  public int assets(MarketData data) {
    return data.assets().size();
  }
}
