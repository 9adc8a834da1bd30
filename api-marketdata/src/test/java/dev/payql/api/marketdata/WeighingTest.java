package dev.payql.api.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.ports.out.query.Inspection;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The weighing rule of the engine (OperationWeigher) with the market-data API's cost directives and
 * field rules: one unit per object, a ticker 30, candles by their limit (with the least one call
 * costs), every other list by its limit; nesting multiplies.
 */
class WeighingTest {

  private static final long N = MarketDataSchema.DEFAULT_ITEMS;
  private static final long TICKER = 30;
  private static final String LTC_BTC = "market(marketSymbol: \"binance:ltc/btc\")";

  private final GraphQLQueryEngine engine = MarketDataApi.engine(new InMemoryMarketData(), EngineSettings.defaults());

  @Test
  void scalarFieldsWeighNothingAndAnObjectWeighsOne() {
    assertThat(weight("{ exchange(exchangeSymbol: \"binance\") { country exchangeName exchangeSymbol } }"))
        .isEqualTo(1);
  }

  @Test
  void nestedObjectsAddUp() {
    assertThat(weight("{ " + LTC_BTC + " { marketSymbol ticker { lastPrice highPrice } } }")).isEqualTo(1 + TICKER);
  }

  @Test
  void aListWithALimitCountsItsLimit() {
    assertThat(weight("{ " + LTC_BTC + " { ohlcv(limit: 100) { close } } }")).isEqualTo(1 + 100);
  }

  @Test
  void aFewCandlesWeighWhatOneCallOfTheirSqlCosts() {
    assertThat(weight("{ " + LTC_BTC + " { ohlcv(limit: 1) { close } } }"))
        .isEqualTo(1 + MarketFieldRules.MIN_MINUTE_CANDLES_WEIGHT);
    assertThat(weight("{ " + LTC_BTC + " { ohlcv(resolution: _1h, limit: 2) { close } } }"))
        .isEqualTo(1 + MarketFieldRules.MIN_AGGREGATED_CANDLES_WEIGHT);
    assertThat(weight("{ " + LTC_BTC + " { ohlcv(resolution: _1d, limit: 50) { close } } }")).isEqualTo(1 + 50);
  }

  @Test
  void aLimitLeftOutCountsTheSchemasDefault() {
    assertThat(weight("{ " + LTC_BTC + " { ohlcv { close } } }")).isEqualTo(1 + MarketDataSchema.DEFAULT_CANDLES);
  }

  @Test
  void aLimitFromAVariableIsWeighedWithTheVariablesValue() {
    GraphQLRequest request = GraphQLRequest.of("query ($n: Int) { " + LTC_BTC + " { ohlcv(limit: $n) { close } } }",
        null, Map.of("n", BigInteger.valueOf(70)));

    assertThat(engine.inspect(request)).extracting("weight").isEqualTo(1L + 70);
  }

  @Test
  void everyListCountsItsLimitOrItsDefaultAndNestingMultiplies() {
    assertThat(weight("{ exchanges { country } }")).isEqualTo(N);
    assertThat(weight("{ assets(limit: 7) { assetName } }")).isEqualTo(7);
    assertThat(weight("{ exchanges(limit: 5) { markets(limit: 10) { marketSymbol } } }")).isEqualTo(5 + 5 * 10);
    assertThat(weight("{ markets(limit: 30) { ohlcv(limit: 30) { close } } }")).isEqualTo(30 + 30 * 30);
    assertThat(weight("{ markets(exchangeSymbol: \"binance\", limit: 10, offset: 10) { ticker { lastPrice } } }"))
        .isEqualTo(10 + 10 * TICKER);
  }

  @Test
  void aListLimitOutsideItsBoundsOrANegativeOffsetIsRefused() {
    for (String query : new String[] {"{ markets(limit: 0) { marketSymbol } }", "{ assets(limit: 501) { assetName } }",
        "{ exchanges(offset: -1) { country } }", "{ exchange(exchangeSymbol: \"x\") { markets(limit: 600) { marketSymbol } } }",
        "{ markets(limit: null) { marketSymbol } }"}) {
      assertThat(engine.inspect(GraphQLRequest.of(query))).as(query)
          .extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
    }
  }

  @Test
  void fragmentsWeighAsIfWrittenOut() {
    assertThat(weight("{ ...m } fragment m on Query { " + LTC_BTC + " { ... on Market { ticker { lastPrice } } } }"))
        .isEqualTo(1 + TICKER);
  }

  @Test
  void aSkippedFieldWeighsNothing() {
    assertThat(weight("{ " + LTC_BTC + " { ticker @skip(if: true) { lastPrice } } }")).isEqualTo(1);
  }

  @Test
  void eachRootFieldCounts() {
    assertThat(weight("{ a: asset(assetSymbol: \"btc\") { assetName } b: asset(assetSymbol: \"ltc\") { assetName } }"))
        .isEqualTo(2);
  }

  @Test
  void introspectionWeighsNothing() {
    assertThat(weight("{ __schema { types { name fields { name } } } }")).isZero();
  }

  @Test
  void aLimitOutsideItsBoundsIsRefused() {
    assertThat(engine.inspect(GraphQLRequest.of("{ " + LTC_BTC + " { ohlcv(limit: 0) { close } } }")))
        .extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
    assertThat(engine.inspect(GraphQLRequest.of("{ " + LTC_BTC + " { ohlcv(limit: 1001) { close } } }")))
        .extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
  }

  @Test
  void twoHundredAliasedTickersWeighWhatTheyCost() {
    // seen before the cost directives: 200 of these weighed 401 and held the server 6.7 s
    StringBuilder query = new StringBuilder("{");
    for (int i = 0; i < 200; i++) {
      query.append(" m").append(i).append(": ").append(LTC_BTC).append(" { ticker { lastPrice } }");
    }

    assertThat(weight(query.append(" }").toString())).isEqualTo(200 * (1 + TICKER));
  }

  private long weight(String query) {
    Inspection inspection = engine.inspect(GraphQLRequest.of(query));
    assertThat(inspection).isInstanceOf(Inspection.Accepted.class);
    return ((Inspection.Accepted) inspection).weight();
  }
}
