package dev.payql.engine.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.out.query.Inspection;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's cost file: what it overrides, and the files it refuses, each refusal naming file, line, entry and setting. */
class CostFileTest {

  private static final GraphQLSchema SCHEMA = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse("""
      directive @cost(weight: String!) on FIELD_DEFINITION | OBJECT
      directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
      type Query {
        items(limit: Int, text: String): [Item!]! @listSize(slicingArguments: ["limit"], requireOneSlicingArgument: false, assumedSize: 10)
        page(first: Int): ItemPage!
        plain: [Item!]!
      }
      type ItemPage { nodes: [Item!]!  total: Int! }
      type Item @cost(weight: "2") { name: String!  details: String! @cost(weight: "4") }
      """));

  @TempDir
  Path directory;

  @Test
  void aWeightInTheFileReplacesTheDirectivesAndTheDefault() throws IOException {
    FieldRules rules = rules("""
        Item.details:
          weight: 9
        Item:
          weight: 3
        """);

    // 10 items at 3 (the file's type weight over the SDL's 2), their details at 9 (over the SDL's 4)
    assertThat(weight(rules, "{ items { details } }")).isEqualTo(10 * 3 + 10 * 9);
  }

  @Test
  void aListSizeSettingInTheFileReplacesOnlyThatSetting() throws IOException {
    FieldRules rules = rules("""
        Query.items:
          assumedSize: 40
        """);

    assertThat(weight(rules, "{ items { name } }")).as("the file's assumed size").isEqualTo(40 * 2);
    assertThat(weight(rules, "{ items(limit: 3) { name } }")).as("the SDL's slicing argument still counts")
        .isEqualTo(3 * 2);
  }

  @Test
  void theFileSizesAListTheSchemaSaysNothingAbout() throws IOException {
    FieldRules rules = rules("""
        Query.plain:
          assumedSize: 7
        Query.page:
          slicingArguments: [first]
          sizedFields: [nodes]
        """);

    assertThat(weight(rules, "{ plain { name } }")).isEqualTo(7 * 2);
    // the page object, then 5 nodes at 2
    assertThat(weight(rules, "{ page(first: 5) { total nodes { name } } }")).isEqualTo(1 + 5 * 2);
    assertThat(engine(rules).inspect(GraphQLRequest.of("{ page { nodes { name } } }")))
        .as("requireOneSlicingArgument is true unless set false")
        .isInstanceOfSatisfying(Inspection.Rejected.class,
            rejected -> assertThat(rejected.detail()).contains("Query.page takes exactly one of first"));
  }

  @Test
  void anEmptyFileChangesNothing() throws IOException {
    assertThat(weight(rules(""), "{ items { details } }")).isEqualTo(10 * 2 + 10 * 4);
  }

  @Test
  void anUnknownTypeOrFieldIsRefusedWithItsLine() {
    assertRefused("""
        Query.items:
          weight: 1
        Itme:
          weight: 2
        """, "line 3, entry Itme: the schema has no object type Itme");
    assertRefused("""
        # comments are fine
        Query.itemz:
          weight: 1
        """, "line 2, entry Query.itemz: Query has no field itemz");
  }

  @Test
  void settingsThatDoNotFitTheSchemaAreRefused() {
    assertRefused("""
        Query.items:
          slicingArguments: [first]
        """, "entry Query.items: slicing argument first: Query.items has no such argument");
    assertRefused("""
        Query.items:
          slicingArguments: [text]
        """, "slicing argument text of Query.items is not an Int");
    assertRefused("""
        Query.page:
          sizedFields: [total]
        """, "entry Query.page: sized field total: ItemPage has no list field total");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    assertRefused("Item.name:\n  weight: -1\n", "line 1, entry Item.name: weight must be a number of 0 or more, not '-1'");
    assertRefused("Item.name:\n  weight: lots\n", "weight must be a number of 0 or more, not 'lots'");
    assertRefused("Query.items:\n  assumedSize: 2.5\n", "assumedSize must be a whole number of 0 or more, not '2.5'");
    assertRefused("Query.items:\n  slicingArguments: limit\n", "slicingArguments is a non-empty list of names");
    assertRefused("Query.items:\n  requireOneSlicingArgument: maybe\n", "requireOneSlicingArgument is true or false");
    assertRefused("Query.items:\n  wieght: 3\n", "line 1, entry Query.items: unknown setting wieght");
    assertRefused("Item:\n  assumedSize: 3\n", "entry Item: a type takes one setting, weight");
    assertRefused("Query.items: 3\n", "entry Query.items: the entry's settings are a mapping");
    assertRefused("Query.items.name:\n  weight: 3\n", "entry Query.items.name: an entry is named Type.field or Type");
  }

  @Test
  void aFileThatIsNoMappingOrNamesAnEntryTwiceIsRefused() {
    assertRefused("- Query.items\n", "line 1: the file is a mapping of Type.field or Type to its settings");
    assertRefused("Item:\n  weight: 1\nItem:\n  weight: 2\n", "line 3: not a YAML mapping of entries: Duplicate field 'Item'");
  }

  @Test
  void aMissingFileIsRefused() {
    assertThatThrownBy(() -> CostFile.read(directory.resolve("absent.yaml")))
        .isInstanceOf(CostFileException.class)
        .hasMessageContaining("cannot read the cost file " + directory.resolve("absent.yaml"));
  }

  private void assertRefused(String text, String message) {
    Path file = directory.resolve("costs.yaml");
    assertThatThrownBy(() -> {
      Files.writeString(file, text);
      SchemaCosts.of(SCHEMA, FieldRules.NONE, CostFile.read(file));
    }).isInstanceOf(CostFileException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(message);
  }

  private FieldRules rules(String text) throws IOException {
    Path file = Files.writeString(directory.resolve("costs.yaml"), text);
    return SchemaCosts.of(SCHEMA, FieldRules.NONE, CostFile.read(file));
  }

  private static GraphQLQueryEngine engine(FieldRules rules) {
    return new GraphQLQueryEngine(SCHEMA, rules, EngineSettings.defaults());
  }

  private static long weight(FieldRules rules, String query) {
    Inspection inspection = engine(rules).inspect(GraphQLRequest.of(query));
    assertThat(inspection).as(query).isInstanceOf(Inspection.Accepted.class);
    return ((Inspection.Accepted) inspection).weight();
  }
}
