package dev.payql.engine.forbidden;

import dev.payql.api.marketdata.data.MarketData;

/** Deliberately ties the engine to the market-data API, to show the any-schema rule catches it. Test sources only. */
public class EngineReadingMarketData {

  public int exchanges(MarketData data) {
    return data.exchanges().size();
  }
}
