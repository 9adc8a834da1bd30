package dev.payql.engine.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.Inspection;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The engine knows no schema by name: a small library schema is inspected, weighed by its own rules and executed. */
class AnySchemaTest {

  private static final String SDL = """
      type Query { book(id: ID!): Book  books(first: Int): [Book!]! }
      type Book { id: ID!  title: String!  author: Author! }
      type Author { name: String! }
      """;

  /** {@code books(first:)} is sized by its argument and refused above 50. */
  private static final FieldRules RULES = new FieldRules() {
    @Override
    public OptionalLong listSize(String typeName, String fieldName, Map<String, Object> arguments) {
      if (typeName.equals("Query") && fieldName.equals("books") && arguments.get("first") instanceof Integer first) {
        if (first > 50) {
          throw new ArgumentException("books(first:) is at most 50");
        }
        return OptionalLong.of(first);
      }
      return OptionalLong.empty();
    }
  };

  private final GraphQLQueryEngine engine = new GraphQLQueryEngine(schema(), RULES, EngineSettings.defaults());

  @Test
  void aRequestOnTheSchemaIsWeighedByItsRulesAndExecuted() {
    GraphQLRequest request = GraphQLRequest.of("{ books(first: 3) { title author { name } } }");

    assertThat(engine.inspect(request)).isEqualTo(new Inspection.Accepted(Optional.empty(), 3 + 3, false));
    ExecutionOutcome outcome = engine.execute(request);
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(new String(outcome.body(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"data\":{\"books\":[{\"title\":\"Dune\",\"author\":{\"name\":\"Herbert\"}}]}}");
  }

  @Test
  void aListWithoutASizeCountsTheDefaultAndTheRulesRefuseOutOfBounds() {
    assertThat(engine.inspect(GraphQLRequest.of("{ books { id } }")))
        .isEqualTo(new Inspection.Accepted(Optional.empty(), EngineSettings.DEFAULT_LIST_SIZE, false));
    assertThat(engine.inspect(GraphQLRequest.of("{ books(first: 51) { id } }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class, rejected -> {
          assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION);
          assertThat(rejected.detail()).isEqualTo("books(first:) is at most 50");
        });
  }

  @Test
  void aFieldTheSchemaLacksIsAValidationError() {
    assertThat(engine.inspect(GraphQLRequest.of("{ market { ticker { lastPrice } } }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class,
            rejected -> assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION));
  }

  private static GraphQLSchema schema() {
    Map<String, Object> dune = Map.of("id", "1", "title", "Dune", "author", Map.of("name", "Herbert"));
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .type("Query", query -> query
            .dataFetcher("book", env -> "1".equals(env.getArgument("id")) ? dune : null)
            .dataFetcher("books", env -> List.of(dune)))
        .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
  }
}
