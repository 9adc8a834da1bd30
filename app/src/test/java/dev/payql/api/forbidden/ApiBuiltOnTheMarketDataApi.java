package dev.payql.api.forbidden;

import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.api.marketdata.data.MarketData;
import graphql.schema.GraphQLSchema;

/** Deliberately a second API leaning on the market-data API, to show the APIs-apart rule catches it. Test sources only. */
public class ApiBuiltOnTheMarketDataApi {

  public GraphQLSchema schema(MarketData data) {
    return MarketDataApi.schema(data);
  }
}
