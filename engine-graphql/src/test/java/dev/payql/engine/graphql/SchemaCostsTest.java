package dev.payql.engine.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.Inspection;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IBM cost directives read from an SDL, and the worked examples of docs/pricing.md: each
 * example there is a query and its weight (or its refusal), and this test weighs every one against
 * the document's own SDL, with the document's own cost file where it says so, so the document
 * cannot drift from the code.
 */
class SchemaCostsTest {

  private static final Pattern EXAMPLE = Pattern.compile(
      "```graphql\\n(\\{.*?})\\n```\\n(?:weighs \\*\\*(\\d+)\\*\\*( with the cost file)?|(is refused))", Pattern.DOTALL);
  private static final Pattern SDL = Pattern.compile("```graphql\\n(directive @cost.*?)\\n```", Pattern.DOTALL);
  private static final Pattern COST_FILE = Pattern.compile("```yaml\\n(.*?)\\n```", Pattern.DOTALL);

  @TempDir
  Path directory;

  @Test
  void theWorkedExamplesOfThePricingDocumentWeighWhatItSays() throws IOException {
    String document = pricingDocument();
    Matcher sdl = SDL.matcher(document);
    assertThat(sdl.find()).as("docs/pricing.md holds its SDL").isTrue();
    Matcher costFile = COST_FILE.matcher(document);
    assertThat(costFile.find()).as("docs/pricing.md holds a cost file").isTrue();
    GraphQLSchema schema = schema(sdl.group(1));
    GraphQLQueryEngine plain = new GraphQLQueryEngine(schema, SchemaCosts.of(schema), EngineSettings.defaults());
    CostFile file = CostFile.read(Files.writeString(directory.resolve("costs.yaml"), costFile.group(1)));
    GraphQLQueryEngine costed = new GraphQLQueryEngine(schema, SchemaCosts.of(schema, FieldRules.NONE, file),
        EngineSettings.defaults());

    Matcher example = EXAMPLE.matcher(document);
    int weighed = 0;
    int refused = 0;
    int withTheFile = 0;
    while (example.find()) {
      String query = example.group(1);
      if (example.group(4) != null) {
        refused++;
        assertThat(plain.inspect(GraphQLRequest.of(query))).as(query)
            .isInstanceOfSatisfying(Inspection.Rejected.class,
                rejected -> assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION));
        continue;
      }
      GraphQLQueryEngine engine = example.group(3) == null ? plain : costed;
      withTheFile += example.group(3) == null ? 0 : 1;
      weighed++;
      long expected = Long.parseLong(example.group(2));
      assertThat(engine.inspect(GraphQLRequest.of(query)))
          .as(query + (example.group(3) == null ? "" : " with the cost file"))
          .isInstanceOfSatisfying(Inspection.Accepted.class,
              accepted -> assertThat(accepted.weight()).isEqualTo(expected));
    }
    assertThat(weighed - withTheFile).isGreaterThanOrEqualTo(8);
    assertThat(withTheFile).isGreaterThanOrEqualTo(4);
    assertThat(refused).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aDirectiveThatDoesNotFitTheSchemaStopsTheStart() {
    String directives = "directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], "
        + "requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION\n";
    GraphQLSchema unknownArgument = schema(directives
        + "type Query { items(first: Int): [Item!]! @listSize(slicingArguments: [\"frist\"]) } type Item { name: String! }");
    GraphQLSchema notAList = schema(directives
        + "type Query { page(first: Int): Page! @listSize(slicingArguments: [\"first\"], sizedFields: [\"count\"]) }"
        + " type Page { count: Int! }");

    assertThatThrownBy(() -> SchemaCosts.of(unknownArgument)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@listSize on Query.items: slicing argument frist: Query.items has no such argument");
    assertThatThrownBy(() -> SchemaCosts.of(notAList)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sized field count: Page has no list field count");
  }

  @Test
  void withoutDirectivesTheDefaultsApply() {
    GraphQLQueryEngine engine = engineFor("type Query { items(first: Int): [Item!]! } type Item { name: String! }");

    assertThat(((Inspection.Accepted) engine.inspect(GraphQLRequest.of("{ items(first: 3) { name } }"))).weight())
        .isEqualTo(EngineSettings.DEFAULT_LIST_SIZE);
  }

  private static GraphQLQueryEngine engineFor(String sdl) {
    GraphQLSchema schema = schema(sdl);
    return new GraphQLQueryEngine(schema, SchemaCosts.of(schema), EngineSettings.defaults());
  }

  private static GraphQLSchema schema(String sdl) {
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
  }

  private static String pricingDocument() throws IOException {
    try (InputStream in = SchemaCostsTest.class.getResourceAsStream("/pricing.md")) {
      assertThat(in).as("docs/pricing.md on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
