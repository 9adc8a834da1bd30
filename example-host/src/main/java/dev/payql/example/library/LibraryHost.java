package dev.payql.example.library;

import dev.payql.app.embed.Paywall;
import dev.payql.engine.graphql.ArgumentException;
import dev.payql.engine.graphql.FieldRules;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A host with a GraphQL API of its own (a small library catalogue) that sells it request by
 * request with PayQL embedded: its schema in, a running paywall out.
 */
public final class LibraryHost {

  static final String SDL = """
      type Query {
        "One book by its id."
        book(id: ID!): Book
        "The first books of the catalogue, at most 100."
        books(first: Int = 10): [Book!]!
      }
      type Book { id: ID!  title: String!  author: String! }
      """;

  private static final List<Map<String, Object>> CATALOGUE = List.of(
      Map.of("id", "1", "title", "The Left Hand of Darkness", "author", "Ursula K. Le Guin"),
      Map.of("id", "2", "title", "Solaris", "author", "Stanisław Lem"),
      Map.of("id", "3", "title", "Kindred", "author", "Octavia E. Butler"));

  private LibraryHost() {}

  /** The catalogue's titles, which the host shows for free. */
  static List<String> titles() {
    return CATALOGUE.stream().map(book -> (String) book.get("title")).toList();
  }

  /** The host's executable schema: what its paid requests run. */
  static GraphQLSchema schema() {
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .type("Query", query -> query
            .dataFetcher("book", env -> CATALOGUE.stream()
                .filter(book -> book.get("id").equals(env.getArgument("id"))).findFirst().orElse(null))
            .dataFetcher("books", env -> CATALOGUE.stream().limit(env.<Integer>getArgument("first")).toList()))
        .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
  }

  /** {@code books(first:)} counts as many books as it asks for when a request is priced, at most 100. */
  static OptionalLong booksAsked(String typeName, String fieldName, Map<String, Object> arguments) {
    if (typeName.equals("Query") && fieldName.equals("books") && arguments.get("first") instanceof Integer first) {
      if (first < 1 || first > 100) {
        throw new ArgumentException("books(first:) must be between 1 and 100");
      }
      return OptionalLong.of(first);
    }
    return OptionalLong.empty();
  }

  /** Starts selling the catalogue; {@code settings} are PayQL's, by their environment names. */
  static Paywall start(Path dataDirectory, Map<String, String> settings) {
    return paywall(dataDirectory, settings).start();
  }

  /** The catalogue's paywall, priced by the host's own list rules, before it starts. */
  static Paywall.Builder paywall(Path dataDirectory, Map<String, String> settings) {
    Paywall.Builder paywall = Paywall.selling(schema())
        .fieldRules(new FieldRules() {
          @Override
          public OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
            return booksAsked(typeName, fieldName, arguments);
          }
        })
        .dataDirectory(dataDirectory);
    settings.forEach(paywall::setting);
    return paywall;
  }

  /** {@code java ... LibraryHost [DATA_DIR]}: serves the paywall until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    Path data = Path.of(Optional.of(args).filter(a -> a.length > 0).map(a -> a[0]).orElse("library-data"));
    Paywall paywall = start(data, Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(paywall::close));
    System.out.println("selling the library at " + paywall.baseUrl());
    Thread.currentThread().join();
  }
}
