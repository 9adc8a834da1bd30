package dev.payql.api.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.ClientSafeErrors;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.store.StoreUnavailableException;
import graphql.introspection.IntrospectionQuery;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GraphQLQueryEngineTest {

  private final GraphQLQueryEngine engine = MarketDataApi.engine(new InMemoryMarketData(), EngineSettings.defaults());

  // --- the seed's examples, verbatim

  @Test
  void theSeedsExchangeExampleIsAcceptedAndAnswersTheCountry() {
    GraphQLRequest request = GraphQLRequest.of("{ exchange (exchangeSymbol:\"binance\") { country } }");

    assertThat(engine.inspect(request)).isEqualTo(new Inspection.Accepted(Optional.empty(), 1, false));
    assertThat(text(engine.execute(request))).isEqualTo("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}");
  }

  @Test
  void theSeedsMarketExampleMatchesSymbolsCaseInsensitively() {
    GraphQLRequest request = GraphQLRequest.of("query market { market(exchangeSymbol: \"Binance\", "
        + "baseSymbol: \"LTC\", quoteSymbol: \"BTC\") { marketSymbol ticker { lastPrice } } }");

    // the market, and its ticker at its measured weight of 30
    assertThat(engine.inspect(request)).isEqualTo(new Inspection.Accepted(Optional.of("market"), 1 + 30, false));
    ExecutionOutcome outcome = engine.execute(request);
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(text(outcome)).isEqualTo(
        "{\"data\":{\"market\":{\"marketSymbol\":\"Binance:LTC/BTC\",\"ticker\":{\"lastPrice\":0.00123}}}}");
  }

  @Test
  void theSeedsVariablesExampleAcceptsANullableVariable() {
    GraphQLRequest request = GraphQLRequest.of("query ($symbol: String) { exchange(exchangeSymbol:$symbol) { country } }",
        null, Map.of("symbol", "binance"));

    assertThat(engine.inspect(request)).isInstanceOf(Inspection.Accepted.class);
    assertThat(text(engine.execute(request))).isEqualTo("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}");
  }

  @Test
  void aNullExchangeSymbolFindsNothing() {
    GraphQLRequest request = GraphQLRequest.of("query ($symbol: String) { exchange(exchangeSymbol:$symbol) { country } }");

    assertThat(text(engine.execute(request))).isEqualTo("{\"data\":{\"exchange\":null}}");
  }

  @Test
  void theSeedsInvalidExampleIsASyntaxErrorAtTheAtSign() {
    Inspection inspection = engine.inspect(GraphQLRequest.of("{ exchange (@exchangeSymbol:\"binance\") { country } }"));

    assertThat(inspection).isInstanceOfSatisfying(Inspection.Rejected.class, rejected -> {
      assertThat(rejected.kind()).isEqualTo(Inspection.Kind.SYNTAX);
      assertThat(rejected.locations()).containsExactly(new Inspection.SourceLocation(1, 13));
      assertThat(rejected.detail()).contains("'@'");
    });
  }

  // --- inspection

  @Test
  void aFieldTheSchemaLacksIsAValidationErrorWithItsLocation() {
    Inspection inspection = engine.inspect(GraphQLRequest.of("{\n  exchange(exchangeSymbol: \"x\") { planet }\n}"));

    assertThat(inspection).isInstanceOfSatisfying(Inspection.Rejected.class, rejected -> {
      assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION);
      assertThat(rejected.detail()).contains("planet");
      assertThat(rejected.locations()).containsExactly(new Inspection.SourceLocation(2, 35));
    });
  }

  @Test
  void aNamedOperationMissingFromTheQueryIsUnknown() {
    Inspection inspection = engine.inspect(GraphQLRequest.of("query a { assets { assetSymbol } }", "b", Map.of()));

    assertThat(inspection).extracting("kind").isEqualTo(Inspection.Kind.UNKNOWN_OPERATION);
  }

  @Test
  void severalOperationsWithoutANameAreAnUnknownOperation() {
    String query = "query a { assets { assetSymbol } } query b { exchanges { country } }";

    assertThat(engine.inspect(GraphQLRequest.of(query))).extracting("kind")
        .isEqualTo(Inspection.Kind.UNKNOWN_OPERATION);
    assertThat(engine.inspect(GraphQLRequest.of(query, "b", Map.of())))
        .isEqualTo(new Inspection.Accepted(Optional.of("b"), MarketDataSchema.DEFAULT_ITEMS, false));
  }

  @Test
  void onlyTheSelectedOperationExecutes() {
    String query = "query a { asset(assetSymbol: \"btc\") { assetName } } query b { asset(assetSymbol: \"ltc\") { assetName } }";

    assertThat(text(engine.execute(GraphQLRequest.of(query, "b", Map.of()))))
        .isEqualTo("{\"data\":{\"asset\":{\"assetName\":\"Litecoin\"}}}");
  }

  @Test
  void introspectionAtTheRootIsIntrospectionOnly() {
    assertThat(introspectionOnly("{ __schema { types { name } } }")).isTrue();
    assertThat(introspectionOnly("{ __typename }")).isTrue();
    assertThat(introspectionOnly("{ __type(name: \"Market\") { fields { name } } }")).isTrue();
    assertThat(introspectionOnly("query { ...f } fragment f on Query { __type(name: \"Market\") { name } }")).isTrue();
    assertThat(introspectionOnly(IntrospectionQuery.INTROSPECTION_QUERY)).isTrue();
  }

  @Test
  void introspectionBesideDataIsNotIntrospectionOnly() {
    assertThat(introspectionOnly("{ __typename exchange(exchangeSymbol: \"binance\") { country } }")).isFalse();
    assertThat(introspectionOnly("{ ...f } fragment f on Query { __typename assets { assetSymbol } }")).isFalse();
    assertThat(introspectionOnly("{ assets { __typename } }")).isFalse();
  }

  @Test
  void introspectionInAnotherOperationDoesNotMakeTheSelectedOneFree() {
    String query = "query free { __typename } query paid { assets { assetSymbol } }";

    assertThat(engine.inspect(GraphQLRequest.of(query, "paid", Map.of())))
        .isInstanceOfSatisfying(Inspection.Accepted.class, a -> assertThat(a.introspectionOnly()).isFalse());
    assertThat(engine.inspect(GraphQLRequest.of(query, "free", Map.of())))
        .isInstanceOfSatisfying(Inspection.Accepted.class, a -> assertThat(a.introspectionOnly()).isTrue());
  }

  @Test
  void theFullIntrospectionQueryExecutes() {
    ExecutionOutcome outcome = engine.execute(GraphQLRequest.of(IntrospectionQuery.INTROSPECTION_QUERY));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(text(outcome)).contains("\"name\":\"Resolution\"", "\"name\":\"Timestamp\"");
  }

  @Test
  void aVariableOfTheWrongTypeIsRefusedBeforeAnythingIsSold() {
    GraphQLRequest request = GraphQLRequest.of(
        "query ($n: Int) { market(marketSymbol: \"binance:ltc/btc\") { ohlcv(limit: $n) { close } } }",
        null, Map.of("n", "many"));

    assertThat(engine.inspect(request)).extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
  }

  @Test
  void aMissingRequiredVariableIsRefused() {
    GraphQLRequest request = GraphQLRequest.of("query ($s: String!) { asset(assetSymbol: $s) { assetName } }");

    assertThat(engine.inspect(request)).extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
  }

  @Test
  void aMarketNamedBothWaysOrHalfWayIsRefusedAtInspection() {
    assertThat(engine.inspect(GraphQLRequest.of(
        "{ market(marketSymbol: \"binance:ltc/btc\", exchangeSymbol: \"binance\") { marketSymbol } }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class, rejected -> {
          assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION);
          assertThat(rejected.detail()).contains("marketSymbol alone");
          assertThat(rejected.locations()).containsExactly(new Inspection.SourceLocation(1, 3));
        });
    assertThat(engine.inspect(GraphQLRequest.of("{ market(exchangeSymbol: \"binance\") { marketSymbol } }")))
        .extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
    assertThat(engine.inspect(GraphQLRequest.of("{ market(marketSymbol: \"binance-ltc-btc\") { marketSymbol } }")))
        .extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
  }

  @Test
  void aMarketSymbolNamesTheMarketCaseInsensitively() {
    GraphQLRequest request = GraphQLRequest.of("{ market(marketSymbol: \"binance:btc/usdt\") { marketSymbol baseSymbol } }");

    assertThat(text(engine.execute(request)))
        .isEqualTo("{\"data\":{\"market\":{\"marketSymbol\":\"Binance:BTC/USDT\",\"baseSymbol\":\"BTC\"}}}");
  }

  @Test
  void candlesStartAtAnIsoInstantOrAtEpochSeconds() {
    String iso = "{ market(marketSymbol: \"kraken:btc/usd\") { ohlcv(resolution: _5m, limit: 2, "
        + "start: \"2024-05-01T12:10:00Z\") { start close } } }";
    long seconds = InMemoryMarketData.FIRST_CANDLE.plus(Duration.ofMinutes(10)).getEpochSecond();
    String epoch = "query ($t: Timestamp) { market(marketSymbol: \"kraken:btc/usd\") { ohlcv(resolution: _5m, "
        + "limit: 2, start: $t) { start close } } }";
    String expected = "{\"data\":{\"market\":{\"ohlcv\":[{\"start\":\"2024-05-01T12:10:00Z\",\"close\":102.0},"
        + "{\"start\":\"2024-05-01T12:15:00Z\",\"close\":103.0}]}}}";

    assertThat(text(engine.execute(GraphQLRequest.of(iso)))).isEqualTo(expected);
    assertThat(text(engine.execute(GraphQLRequest.of(epoch, null, Map.of("t", BigInteger.valueOf(seconds))))))
        .isEqualTo(expected);
  }

  @Test
  void anUnreadableStartIsAValidationError() {
    assertThat(engine.inspect(GraphQLRequest.of(
        "{ market(marketSymbol: \"kraken:btc/usd\") { ohlcv(start: \"yesterday\") { close } } }")))
        .extracting("kind").isEqualTo(Inspection.Kind.VALIDATION);
  }

  @Test
  void aTooLongQueryIsRefusedUnparsed() {
    GraphQLQueryEngine strict = MarketDataApi.engine(new InMemoryMarketData(), new EngineSettings(
        Duration.ofSeconds(5), 40, 20, 20, 10));

    assertThat(strict.inspect(GraphQLRequest.of("{ exchange(exchangeSymbol: \"binance\") { country } }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class, rejected -> assertThat(rejected.detail()).contains("40"));
  }

  @Test
  void aQueryNestedDeeperThanTheLimitIsRefused() {
    GraphQLQueryEngine shallow = MarketDataApi.engine(new InMemoryMarketData(), new EngineSettings(
        Duration.ofSeconds(5), 10_000, 2, 20, 10));

    assertThat(shallow.inspect(GraphQLRequest.of("{ exchanges { markets { marketSymbol } } }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class, rejected -> {
          assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION);
          assertThat(rejected.detail()).contains("3 fields deep");
        });
    assertThat(shallow.inspect(GraphQLRequest.of("{ exchanges { country } }"))).isInstanceOf(Inspection.Accepted.class);
  }

  // --- execution failures

  @Test
  void aResolverFailureIsAnErrorWithoutLeakingItsMessage() {
    GraphQLQueryEngine broken = MarketDataApi.engine(new InMemoryMarketData() {
      @Override
      public List<dev.payql.api.marketdata.data.Exchange> exchanges() {
        throw new IllegalStateException("jdbc:postgresql://db.internal:5432 password=hunter2");
      }
    }, EngineSettings.defaults());

    ExecutionOutcome outcome = broken.execute(GraphQLRequest.of("{ exchanges { country } }"));

    // resolvers ran, so had this been a mutation it may have written: the outcome is unknown (ADR 0033)
    assertThat(outcome).isInstanceOf(ExecutionOutcome.OutcomeUnknown.class);
    assertThat(text(outcome)).contains(ClientSafeErrors.INTERNAL, "\"path\":[\"exchanges\"]")
        .doesNotContain("hunter2", "db.internal", "IllegalStateException");
  }

  @Test
  void anUnavailableStoreFailsTheExecutionWithAClearMessage() {
    GraphQLQueryEngine down = MarketDataApi.engine(new InMemoryMarketData() {
      @Override
      public List<dev.payql.api.marketdata.data.Exchange> exchanges() {
        throw new StoreUnavailableException("pool exhausted at 10.0.0.7", null);
      }
    }, EngineSettings.defaults());

    ExecutionOutcome outcome = down.execute(GraphQLRequest.of("{ exchanges { country } }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.OutcomeUnknown.class);
    assertThat(text(outcome)).contains(ClientSafeErrors.UNAVAILABLE).doesNotContain("10.0.0.7");
  }

  @Test
  void anExecutionPastItsDeadlineIsStoppedAndFails() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    GraphQLQueryEngine slow = MarketDataApi.engine(new InMemoryMarketData() {
      @Override
      public List<Candle> candles(String marketSymbol, Resolution resolution, Optional<Instant> start, int limit) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }
    }, EngineSettings.defaults().withExecutionTimeout(Duration.ofMillis(200)));

    ExecutionOutcome outcome = slow.execute(
        GraphQLRequest.of("{ market(marketSymbol: \"kraken:btc/usd\") { ohlcv { close } } }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.OutcomeUnknown.class);
    assertThat(text(outcome)).contains("did not finish within");
  }

  @Test
  void anUnknownSymbolIsNullNotAnError() {
    ExecutionOutcome outcome = engine.execute(GraphQLRequest.of("{ exchange(exchangeSymbol: \"nowhere\") { country } }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(text(outcome)).isEqualTo("{\"data\":{\"exchange\":null}}");
  }

  private boolean introspectionOnly(String query) {
    Inspection inspection = engine.inspect(GraphQLRequest.of(query));
    assertThat(inspection).isInstanceOf(Inspection.Accepted.class);
    return ((Inspection.Accepted) inspection).introspectionOnly();
  }

  static String text(ExecutionOutcome outcome) {
    return new String(outcome.body(), StandardCharsets.UTF_8);
  }
}
