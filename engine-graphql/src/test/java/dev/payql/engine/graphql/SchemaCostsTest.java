package dev.payql.engine.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.Inspection;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The IBM cost directives read from an SDL, and the worked examples of docs/pricing.md: each
 * example there is a query and its weight, and this test weighs every one against the document's
 * own SDL, so the document cannot drift from the code.
 */
class SchemaCostsTest {

  private static final Pattern EXAMPLE = Pattern.compile("```graphql\\n(\\{.*?})\\n```\\nweighs \\*\\*(\\d+)\\*\\*",
      Pattern.DOTALL);
  private static final Pattern SDL = Pattern.compile("```graphql\\n(directive @cost.*?)\\n```", Pattern.DOTALL);

  @Test
  void theWorkedExamplesOfThePricingDocumentWeighWhatItSays() throws IOException {
    String document = pricingDocument();
    Matcher sdl = SDL.matcher(document);
    assertThat(sdl.find()).as("docs/pricing.md holds its SDL").isTrue();
    GraphQLQueryEngine engine = engineFor(sdl.group(1));

    Matcher example = EXAMPLE.matcher(document);
    int examples = 0;
    while (example.find()) {
      examples++;
      assertThat(engine.inspect(GraphQLRequest.of(example.group(1))))
          .as(example.group(1))
          .isInstanceOfSatisfying(Inspection.Accepted.class,
              accepted -> assertThat(accepted.weight()).isEqualTo(Long.parseLong(example.group(2))));
    }
    assertThat(examples).isGreaterThanOrEqualTo(4);
  }

  @Test
  void withoutDirectivesTheDefaultsApply() {
    GraphQLQueryEngine engine = engineFor("type Query { items(first: Int): [Item!]! } type Item { name: String! }");

    assertThat(((Inspection.Accepted) engine.inspect(GraphQLRequest.of("{ items(first: 3) { name } }"))).weight())
        .isEqualTo(EngineSettings.DEFAULT_LIST_SIZE);
  }

  private static GraphQLQueryEngine engineFor(String sdl) {
    GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
    return new GraphQLQueryEngine(schema, SchemaCosts.of(schema), EngineSettings.defaults());
  }

  private static String pricingDocument() throws IOException {
    try (InputStream in = SchemaCostsTest.class.getResourceAsStream("/pricing.md")) {
      assertThat(in).as("docs/pricing.md on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
