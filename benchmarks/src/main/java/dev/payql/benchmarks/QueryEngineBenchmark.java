package dev.payql.benchmarks;

import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.engine.graphql.GraphQLQueryEngine;
import dev.payql.ports.out.query.Inspection;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link GraphQLQueryEngine#inspect} of the seed's market example, run at invoicing and again at
 * redemption. Three figures:
 * <ul>
 *   <li>{@code inspectCached}: the engine as the application builds it; after the first call the
 *       document comes from its cache, so this is picking the operation and weighing it;</li>
 *   <li>{@code inspectUncached}: the same engine with a document cache of size 0, so every call
 *       also parses and validates;</li>
 *   <li>{@code baselineParseAndValidate}: graphql-java alone, parse and validate against the same
 *       SDL, nothing of PayQL's: what any GraphQL server pays per request without a cache.</li>
 * </ul>
 * The market data is a small in-memory set: inspection never reads it, and a database would only
 * add noise to the schema's construction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueryEngineBenchmark {

  /** The seed's named market example, verbatim. */
  static final String SEED_MARKET_QUERY =
      "query market { market(exchangeSymbol: \"Binance\", baseSymbol: \"LTC\", quoteSymbol: \"BTC\") "
          + "{ marketSymbol ticker { lastPrice } } }";


  private GraphQLRequest request;
  private GraphQLQueryEngine cached;
  private GraphQLQueryEngine uncached;
  private GraphQLSchema schema;

  @Setup
  public void setUp() {
    request = GraphQLRequest.of(SEED_MARKET_QUERY);
    InMemoryMarketData data = new InMemoryMarketData();
    EngineSettings defaults = EngineSettings.defaults();
    cached = MarketDataApi.engine(data, defaults);
    uncached = MarketDataApi.engine(data, new EngineSettings(defaults.executionTimeout(),
        defaults.maxQueryCharacters(), defaults.maxDepth(), defaults.defaultListSize(), 0));
    schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl()));
  }

  @Benchmark
  public Inspection inspectCached() {
    return cached.inspect(request);
  }

  @Benchmark
  public Inspection inspectUncached() {
    return uncached.inspect(request);
  }

  @Benchmark
  public List<ValidationError> baselineParseAndValidate() {
    Document document = Parser.parse(SEED_MARKET_QUERY);
    return new Validator().validateDocument(schema, document, Locale.ENGLISH);
  }

  GraphQLQueryEngine cachedEngine() {
    return cached;
  }

  private static String sdl() {
    try (InputStream in = MarketDataApi.class.getResourceAsStream(MarketDataApi.SDL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the schema resource " + MarketDataApi.SDL_RESOURCE + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
