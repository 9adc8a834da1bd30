package dev.payql.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The bare stack the paid path is measured against: the same Javalin and graphql-java PayQL runs
 * on, serving {@code exchange(exchangeSymbol) { country }} from a map, with the parsed-document
 * cache any production graphql-java server keeps. Nothing else: no payment, no store, no limits,
 * no request log. The ratio of a paid redemption to this is what the paywall costs, not the parser.
 */
final class BareGraphqlServer implements AutoCloseable {

  private static final String SDL = """
      type Query { exchange(exchangeSymbol: String!): Exchange }
      type Exchange { exchangeSymbol: String! name: String! country: String! }
      """;

  /** The sample data's exchanges (symbol, name, country), looked up case-insensitively as PayQL does. */
  private static final Map<String, Map<String, String>> EXCHANGES = Map.of(
      "binance", Map.of("exchangeSymbol", "Binance", "name", "Binance", "country", "MT"),
      "coinbase", Map.of("exchangeSymbol", "Coinbase", "name", "Coinbase Exchange", "country", "US"),
      "kraken", Map.of("exchangeSymbol", "Kraken", "name", "Kraken", "country", "US"));

  private final Javalin javalin;

  private BareGraphqlServer(Javalin javalin) {
    this.javalin = javalin;
  }

  /** Listens on 127.0.0.1, on a port the system picks. */
  static BareGraphqlServer start() {
    GraphQL graphql = GraphQL.newGraphQL(schema()).preparsedDocumentProvider(new DocumentCache()).build();
    Javalin javalin = Javalin.create(config -> {
      config.useVirtualThreads = true; // as PayQL's own server
      config.showJavalinBanner = false;
      config.jetty.defaultHost = "127.0.0.1";
    });
    javalin.post("/graphql", context -> execute(graphql, context));
    javalin.start(0);
    return new BareGraphqlServer(javalin);
  }

  int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
  }

  private static void execute(GraphQL graphql, Context context) throws Exception {
    JsonNode body = PayqlHttp.JSON.readTree(context.bodyAsBytes());
    if (body == null || !body.path("query").isTextual()) {
      context.status(400).json(Map.of("errors", java.util.List.of(Map.of("message", "query missing"))));
      return;
    }
    ExecutionInput.Builder input = ExecutionInput.newExecutionInput(body.get("query").asText());
    if (body.path("operationName").isTextual()) {
      input.operationName(body.get("operationName").asText());
    }
    if (body.path("variables").isObject()) {
      input.variables(PayqlHttp.JSON.convertValue(body.get("variables"), Map.class));
    }
    ExecutionResult result = graphql.execute(input.build());
    context.contentType("application/json").result(PayqlHttp.JSON.writeValueAsBytes(result.toSpecification()));
  }

  private static GraphQLSchema schema() {
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .type("Query", type -> type.dataFetcher("exchange", environment -> EXCHANGES.get(
            environment.<String>getArgument("exchangeSymbol").toLowerCase(Locale.ROOT))))
        .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
  }

  /** Parsed and validated documents by query text, as graphql-java's documentation recommends. */
  private static final class DocumentCache implements PreparsedDocumentProvider {

    private final Cache<String, PreparsedDocumentEntry> documents = Caffeine.newBuilder().maximumSize(1_000).build();

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
        Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
      return CompletableFuture.completedFuture(
          documents.get(input.getQuery(), any -> parseAndValidate.apply(input)));
    }
  }
}
