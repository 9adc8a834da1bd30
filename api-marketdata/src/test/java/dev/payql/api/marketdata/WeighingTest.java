package dev.payql.api.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.ports.out.query.Inspection;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weighing rule of the engine (OperationWeigher) with the market-data API's field rules: one unit per object, lists by their limit, nesting multiplies. */
class WeighingTest {

  private static final long N = EngineSettings.DEFAULT_LIST_SIZE;
  private static final String LTC_BTC = "market(marketSymbol: \"binance:ltc/btc\")";

  private final GraphQLQueryEngine engine = MarketDataApi.engine(new InMemoryMarketData(), EngineSettings.defaults());

  @Test
  void scalarFieldsWeighNothingAndAnObjectWeighsOne() {
    assertThat(weight("{ exchange(exchangeSymbol: \"binance\") { country exchangeName exchangeSymbol } }"))
        .isEqualTo(1);
  }

  @Test
  void nestedObjectsAddUp() {
    assertThat(weight("{ " + LTC_BTC + " { marketSymbol ticker { lastPrice highPrice } } }")).isEqualTo(2);
  }

  @Test
  void aListWithALimitCountsItsLimit() {
    assertThat(weight("{ " + LTC_BTC + " { ohlcv(limit: 10) { close } } }")).isEqualTo(1 + 10);
  }

  @Test
  void aLimitLeftOutCountsTheSchemasDefault() {
    assertThat(weight("{ " + LTC_BTC + " { ohlcv { close } } }")).isEqualTo(1 + MarketDataSchema.DEFAULT_CANDLES);
  }

  @Test
  void aLimitFromAVariableIsWeighedWithTheVariablesValue() {
    GraphQLRequest request = GraphQLRequest.of("query ($n: Int) { " + LTC_BTC + " { ohlcv(limit: $n) { close } } }",
        null, Map.of("n", BigInteger.valueOf(7)));

    assertThat(engine.inspect(request)).extracting("weight").isEqualTo(1L + 7);
  }

  @Test
  void aListWithoutALimitCountsTheDefaultListSizeAndNestingMultiplies() {
    assertThat(weight("{ exchanges { country } }")).isEqualTo(N);
    assertThat(weight("{ exchanges { markets { marketSymbol } } }")).isEqualTo(N + N * N);
    assertThat(weight("{ markets { ohlcv(limit: 3) { close } } }")).isEqualTo(N + N * 3);
  }

  @Test
  void fragmentsWeighAsIfWrittenOut() {
    assertThat(weight("{ ...m } fragment m on Query { " + LTC_BTC + " { ... on Market { ticker { lastPrice } } } }"))
        .isEqualTo(2);
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
  void theDefaultListSizeIsConfigurable() {
    GraphQLQueryEngine generous = MarketDataApi.engine(new InMemoryMarketData(), new EngineSettings(
        EngineSettings.DEFAULT_EXECUTION_TIMEOUT, 10_000, 20, 3, 10));

    assertThat(generous.inspect(GraphQLRequest.of("{ exchanges { markets { marketSymbol } } }")))
        .extracting("weight").isEqualTo(3L + 9);
  }

  private long weight(String query) {
    Inspection inspection = engine.inspect(GraphQLRequest.of(query));
    assertThat(inspection).isInstanceOf(Inspection.Accepted.class);
    return ((Inspection.Accepted) inspection).weight();
  }
}
