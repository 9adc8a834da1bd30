package dev.payql.api.forbidden;

import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.engine.graphql.FieldRules;

/** Deliberately a second API leaning on the market-data API, to show the APIs-apart rule catches it. Test sources only. */
public class ApiBuiltOnTheMarketDataApi {

  public FieldRules rules() {
    return MarketDataApi.fieldRules();
  }
}
