package dev.payql.api.marketdata;

import dev.payql.api.marketdata.data.Candle;
import dev.payql.api.marketdata.data.Exchange;
import dev.payql.api.marketdata.data.Market;
import dev.payql.api.marketdata.data.MarketData;
import dev.payql.api.marketdata.data.Resolution;
import dev.payql.engine.graphql.ArgumentException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
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
import java.util.List;
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
  /** The SDL's default of {@code ohlcv}'s {@code limit}. */
  static final int DEFAULT_CANDLES = 60;
  /**
   * Bounds of {@code limit} on {@code assets}, {@code exchanges} and {@code markets}: every list is
   * bounded, so its weight is known before it is sold; {@code offset} pages through the rest.
   */
  static final int MAX_ITEMS = 500;
  /** The SDL's default of those lists' {@code limit}: today's 30 sample markets fit in one page. */
  static final int DEFAULT_ITEMS = 50;

  private MarketDataSchema() {}

  static GraphQLSchema build(MarketData data) {
    TypeDefinitionRegistry types = new SchemaParser().parse(sdl());
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .scalar(TimestampScalar.TYPE)
        .type("Query", query -> query
            .dataFetcher("asset", env -> data.asset(env.<String>getArgument("assetSymbol")).orElse(null))
            .dataFetcher("assets", env -> page(env, data.assets()))
            .dataFetcher("exchange", env -> {
              String symbol = env.getArgument("exchangeSymbol");
              return symbol == null ? null : data.exchange(symbol).orElse(null);
            })
            .dataFetcher("exchanges", env -> page(env, data.exchanges()))
            .dataFetcher("market", env -> {
              MarketSymbol symbol = MarketSymbol.fromArguments(env.getArguments());
              return data.market(symbol.exchangeSymbol(), symbol.baseSymbol(), symbol.quoteSymbol()).orElse(null);
            })
            .dataFetcher("markets",
                env -> page(env, data.markets(Optional.ofNullable(env.<String>getArgument("exchangeSymbol"))))))
        .type("Exchange", exchange -> exchange
            .dataFetcher("markets",
                env -> page(env, data.markets(Optional.of(env.<Exchange>getSource().exchangeSymbol())))))
        .type("Market", market -> market
            .dataFetcher("ticker", env -> data.ticker(env.<Market>getSource().marketSymbol()).orElse(null))
            .dataFetcher("ohlcv", candles(data)))
        .build();
    return new SchemaGenerator().makeExecutableSchema(types, wiring);
  }

  private static DataFetcher<List<Candle>> candles(MarketData data) {
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

  /** One page of a list field's items: {@code limit} items after skipping {@code offset}. */
  private static <T> List<T> page(DataFetchingEnvironment env, List<T> items) {
    int limit = checkedItems(env.getArgument("limit"));
    int offset = checkedOffset(env.getArgument("offset"));
    return offset >= items.size() ? List.of() : items.subList(offset, Math.min(items.size(), offset + limit));
  }

  /** {@code limit} of the lists other than {@code ohlcv}, which also bounds the weight of the request. */
  static int checkedItems(Object limit) {
    if (limit == null) {
      return DEFAULT_ITEMS;
    }
    if (!(limit instanceof Integer value) || value < 1 || value > MAX_ITEMS) {
      throw new ArgumentException("limit must be between 1 and " + MAX_ITEMS + "; page on with offset");
    }
    return value;
  }

  static int checkedOffset(Object offset) {
    if (offset == null) {
      return 0;
    }
    if (!(offset instanceof Integer value) || value < 0) {
      throw new ArgumentException("offset cannot be negative");
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
