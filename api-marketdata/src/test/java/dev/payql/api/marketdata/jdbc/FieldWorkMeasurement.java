package dev.payql.api.marketdata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.ports.out.query.ExecutionOutcome;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How much work each field of the bundled API takes, relative to a plain field: the measurement
 * behind the cost directives of {@code market-data.graphqls} (docs/pricing.md quotes its table).
 *
 * <p>Not part of the build (the name matches no surefire pattern) and it asserts nothing about time:
 * it prints a table. Run it on demand:
 * {@code ./scripts/with-jdk ./mvnw -q -o -pl api-marketdata -am verify -Dtest=FieldWorkMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}. It loads the whole sample data set (30 markets, 7 days
 * of one-minute candles) into H2 as the application does, executes each query through the engine,
 * as a paid request does, and reports the median of {@link #ROUNDS} rounds, less the engine's own overhead
 * (the median of {@code { __typename }}), in units of the work of one plain object: a market found by its
 * symbol.
 */
class FieldWorkMeasurement {

  private static final int WARM_UP = 40;
  private static final int ROUNDS = 100;
  private static final String MARKET = "market(marketSymbol: \"binance:btc/usdt\")";

  @TempDir
  Path directory;

  @Test
  void printsWhatEachFieldCostsRelativeToAPlainField() {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("overhead: { __typename }", "{ __typename }");
    queries.put("plain: market { marketSymbol }", "{ " + MARKET + " { marketSymbol } }");
    queries.put("asset { assetName }", "{ asset(assetSymbol: \"btc\") { assetName } }");
    queries.put("market { ticker { lastPrice } }", "{ " + MARKET + " { ticker { lastPrice } } }");
    queries.put("market { ohlcv(_1m, limit: 1) }", "{ " + MARKET + " { ohlcv(limit: 1) { close } } }");
    queries.put("market { ohlcv(_1m, limit: 60) }", "{ " + MARKET + " { ohlcv(limit: 60) { close } } }");
    queries.put("market { ohlcv(_1m, limit: 1000) }", "{ " + MARKET + " { ohlcv(limit: 1000) { close } } }");
    queries.put("market { ohlcv(_5m, limit: 1) }", "{ " + MARKET + " { ohlcv(resolution: _5m, limit: 1) { close } } }");
    queries.put("market { ohlcv(_1h, limit: 1) }", "{ " + MARKET + " { ohlcv(resolution: _1h, limit: 1) { close } } }");
    queries.put("market { ohlcv(_1h, limit: 60) }", "{ " + MARKET + " { ohlcv(resolution: _1h, limit: 60) { close } } }");
    queries.put("market { ohlcv(_1d, limit: 7) }", "{ " + MARKET + " { ohlcv(resolution: _1d, limit: 7) { close } } }");
    queries.put("market { ohlcv(_1h, start, limit: 24) }", "{ " + MARKET
        + " { ohlcv(resolution: _1h, start: \"2025-12-30T00:00:00Z\", limit: 24) { close } } }");
    queries.put("markets { marketSymbol } (30)", "{ markets(limit: 100) { marketSymbol } }");
    queries.put("exchanges { exchangeName } (5)", "{ exchanges(limit: 100) { exchangeName } }");
    queries.put("assets { assetName } (7)", "{ assets(limit: 100) { assetName } }");
    queries.put("exchange { markets { marketSymbol } }",
        "{ exchange(exchangeSymbol: \"binance\") { markets(limit: 100) { marketSymbol } } }");

    try (MarketDatabase database = MarketDatabase.open(PersistenceConfig.h2(directory.resolve("data")), true)) {
      GraphQLQueryEngine engine = MarketDataApi.engine(database.marketData(), EngineSettings.defaults());
      List<GraphQLRequest> requests = queries.values().stream().map(GraphQLRequest::of).toList();
      // rounds run every query once, in turn, so a pause of the machine falls on all of them alike
      for (int round = 0; round < WARM_UP; round++) {
        requests.forEach(request -> run(engine, request));
      }
      long[][] nanos = new long[requests.size()][ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < requests.size(); i++) {
          long started = System.nanoTime();
          run(engine, requests.get(i));
          nanos[i][round] = System.nanoTime() - started;
        }
      }
      double overhead = median(nanos[0]);
      double plain = median(nanos[1]) - overhead;
      System.out.println();
      System.out.println("| query | median ms | work above `{ __typename }`, in plain fields |");
      System.out.println("|---|---:|---:|");
      int i = 0;
      for (String name : queries.keySet()) {
        double millis = median(nanos[i++]);
        System.out.println(String.format(Locale.ROOT, "| `%s` | %.3f | %.1f |", name, millis,
            (millis - overhead) / plain));
      }
    }
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static void run(GraphQLQueryEngine engine, GraphQLRequest request) {
    // a failed query would measure an error path, not the field's work
    assertThat(engine.execute(request)).as(request.query()).isInstanceOf(ExecutionOutcome.Completed.class);
  }
}
