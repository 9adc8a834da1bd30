package dev.payql.api.marketdata;

import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.MarketData;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.engine.graphql.ArgumentException;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The market-data schema (SDL in {@code market-data.graphqls}, DESIGN.md section 5) wired to the
 * {@link MarketData} port. Resolvers are thin: the port matches symbols case-insensitively.
 */
final class MarketDataSchema {

  static final String SDL_RESOURCE = "market-data.graphqls";

  /** Bounds of {@code ohlcv(limit:)}; the inspection refuses other values before anything is sold. */
  static final int MIN_CANDLES = 1;
  static final int MAX_CANDLES = 1000;
  /** The SDL's default of {@code limit}, also used when a client passes {@code limit: null}. */
  static final int DEFAULT_CANDLES = 60;

  private MarketDataSchema() {}

  static GraphQLSchema build(MarketData data) {
    TypeDefinitionRegistry types = new SchemaParser().parse(sdl());
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .scalar(TimestampScalar.TYPE)
        .type("Query", query -> query
            .dataFetcher("asset", env -> data.asset(env.<String>getArgument("assetSymbol")).orElse(null))
            .dataFetcher("assets", env -> data.assets())
            .dataFetcher("exchange", env -> {
              String symbol = env.getArgument("exchangeSymbol");
              return symbol == null ? null : data.exchange(symbol).orElse(null);
            })
            .dataFetcher("exchanges", env -> data.exchanges())
            .dataFetcher("market", env -> {
              MarketSymbol symbol = MarketSymbol.fromArguments(env.getArguments());
              return data.market(symbol.exchangeSymbol(), symbol.baseSymbol(), symbol.quoteSymbol()).orElse(null);
            })
            .dataFetcher("markets",
                env -> data.markets(Optional.ofNullable(env.<String>getArgument("exchangeSymbol")))))
        .type("Exchange", exchange -> exchange
            .dataFetcher("markets", env -> data.markets(Optional.of(env.<Exchange>getSource().exchangeSymbol()))))
        .type("Market", market -> market
            .dataFetcher("ticker", env -> data.ticker(env.<Market>getSource().marketSymbol()).orElse(null))
            .dataFetcher("ohlcv", candles(data)))
        .build();
    return new SchemaGenerator().makeExecutableSchema(types, wiring);
  }

  private static DataFetcher<java.util.List<Candle>> candles(MarketData data) {
    return env -> {
      Market market = env.getSource();
      String resolutionName = env.getArgument("resolution");
      Resolution resolution = resolutionName == null ? Resolution._1m : Resolution.valueOf(resolutionName);
      int limit = checkedLimit(env.getArgument("limit"));
      Optional<Instant> start = Optional.ofNullable(env.getArgument("start"));
      return data.candles(market.marketSymbol(), resolution, start, limit);
    };
  }

  /** {@code limit} of {@code ohlcv}, which also bounds the weight of the request. */
  static int checkedLimit(Object limit) {
    if (limit == null) {
      return DEFAULT_CANDLES;
    }
    if (!(limit instanceof Integer value) || value < MIN_CANDLES || value > MAX_CANDLES) {
      throw new ArgumentException("ohlcv limit must be between " + MIN_CANDLES + " and " + MAX_CANDLES);
    }
    return value;
  }

  private static String sdl() {
    try (InputStream in = MarketDataSchema.class.getResourceAsStream(SDL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the schema resource " + SDL_RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
