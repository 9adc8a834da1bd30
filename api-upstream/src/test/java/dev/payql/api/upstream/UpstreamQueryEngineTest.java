package dev.payql.api.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.engine.graphql.CostFile;
import dev.payql.engine.graphql.CostFileException;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.Inspection;
import graphql.introspection.IntrospectionQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proxy mode against GraphQL Yoga (npm), counted on the upstream's side. */
class UpstreamQueryEngineTest {

  private YogaUpstream upstream;
  private UpstreamQueryEngine engine;

  @BeforeEach
  void start() throws IOException {
    upstream = YogaUpstream.start();
    engine = UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withHeaders(Map.of("X-Upstream-Token", "s3cret"))
        .withLimits(Duration.ofSeconds(2), 64 * 1024), EngineSettings.defaults());
  }

  @AfterEach
  void stop() {
    upstream.close();
  }

  @Test
  void aQueryIsValidatedAgainstTheIntrospectedSchemaAndForwardedOnceWithTheOperatorsHeaders() {
    GraphQLRequest request = GraphQLRequest.of("query ($n: String) { hello(name: $n) }", null, Map.of("n", "PayQL"));
    int before = upstream.requests();

    assertThat(engine.inspect(request)).isInstanceOf(Inspection.Accepted.class);
    ExecutionOutcome outcome = engine.execute(request);

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(text(outcome)).isEqualTo("{\"data\":{\"hello\":\"hello PayQL\"}}");
    assertThat(upstream.requests()).isEqualTo(before + 1);
    assertThat(upstream.lastHeaders().path("x-upstream-token").asText()).isEqualTo("s3cret");
    assertThat(upstream.lastHeaders().has("authorization")).isFalse();
  }

  @Test
  void onlyTheBuyersHeadersOnTheAllowListTravelBesideTheOperatorsAndNoneWithoutOne() {
    UpstreamQueryEngine listing = UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withHeaders(Map.of("X-Upstream-Token", "s3cret"))
        .withForwardHeaders(java.util.Set.of("X-Tenant", "Accept-Language")), EngineSettings.defaults());
    var buyer = new dev.payql.ports.out.query.ForwardedHeaders(Map.of(
        "x-tenant", java.util.List.of("shop-7"), "accept-language", java.util.List.of("de"),
        "x-other", java.util.List.of("not listed")));

    assertThat(listing.forwardedHeaderNames()).containsExactlyInAnyOrder("x-tenant", "accept-language");
    listing.execute(GraphQLRequest.of("{ hello }"), buyer);
    var sent = upstream.lastHeaders();
    engine.execute(GraphQLRequest.of("{ hello }"), buyer);
    var sentWithoutAList = upstream.lastHeaders();

    assertThat(sent.path("x-tenant").asText()).isEqualTo("shop-7");
    assertThat(sent.path("accept-language").asText()).isEqualTo("de");
    assertThat(sent.has("x-other")).isFalse();
    assertThat(sent.path("x-upstream-token").asText()).isEqualTo("s3cret");
    assertThat(sentWithoutAList.has("x-tenant")).isFalse();
    assertThat(engine.forwardedHeaderNames()).isEmpty();
  }

  @Test
  void aCleartextUpstreamIsSpokenToInHttp11WithoutAnUpgradeToHttp2() {
    engine.execute(GraphQLRequest.of("{ hello }"));

    // the JDK's client would otherwise ask for h2c on every forward, headers nobody configured
    assertThat(upstream.lastHeaders().has("upgrade")).as("Upgrade").isFalse();
    assertThat(upstream.lastHeaders().has("http2-settings")).as("HTTP2-Settings").isFalse();
  }

  @Test
  void credentialsHopByHopAndPaymentHeadersAreNeverOnTheAllowList() {
    UpstreamSettings settings = UpstreamSettings.of(upstream.graphqlUrl());
    for (String name : java.util.List.of("Authorization", "Cookie", "Connection", "Keep-Alive", "Upgrade",
        "Transfer-Encoding", "Proxy-Authorization", "PAYMENT-SIGNATURE", "Payment-Receipt", "Content-Length")) {
      assertThatThrownBy(() -> settings.withForwardHeaders(java.util.Set.of(name)))
          .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never forwarded");
    }
    assertThatThrownBy(() -> settings.withHeaders(Map.of("X-Tenant", "op")).withForwardHeaders(
        java.util.Set.of("x-tenant"))).hasMessageContaining("operator's");
  }

  @Test
  void aFieldTheUpstreamLacksIsRefusedAtInspectionWithoutAskingIt() {
    int before = upstream.requests();

    assertThat(engine.inspect(GraphQLRequest.of("{ market { ticker { lastPrice } } }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class,
            rejected -> assertThat(rejected.kind()).isEqualTo(Inspection.Kind.VALIDATION));
    assertThat(upstream.requests()).isEqualTo(before);
  }

  @Test
  void introspectionIsAnsweredFromTheSchemaHeldNeverForwarded() {
    GraphQLRequest introspection = GraphQLRequest.of(IntrospectionQuery.INTROSPECTION_QUERY);
    int before = upstream.requests();

    assertThat(engine.inspect(introspection)).isInstanceOfSatisfying(Inspection.Accepted.class,
        accepted -> assertThat(accepted.introspectionOnly()).isTrue());
    ExecutionOutcome outcome = engine.execute(introspection);

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(text(outcome)).contains("\"addNote\"", "\"Note\"");
    assertThat(upstream.requests()).isEqualTo(before);
  }

  @Test
  void aSubscriptionIsRefusedAtInspection() {
    assertThat(engine.inspect(GraphQLRequest.of("subscription { ticks }")))
        .isInstanceOfSatisfying(Inspection.Rejected.class,
            rejected -> assertThat(rejected.detail()).contains("subscriptions are not sold"));
  }

  @Test
  void aMutationIsForwardedOnce() {
    GraphQLRequest mutation = GraphQLRequest.of("mutation { addNote(text: \"paid\") { text } }");

    ExecutionOutcome outcome = engine.execute(mutation);

    assertThat(text(outcome)).isEqualTo("{\"data\":{\"addNote\":{\"text\":\"paid\"}}}");
    assertThat(upstream.mutations()).isEqualTo(1);
  }

  @Test
  void aMutationIsInspectedAsOneAndAQueryIsNot() {
    assertThat(engine.inspect(GraphQLRequest.of("mutation { addNote(text: \"x\") { id } }")))
        .isInstanceOfSatisfying(Inspection.Accepted.class, accepted -> assertThat(accepted.mutation()).isTrue());
    assertThat(engine.inspect(GraphQLRequest.of("query Q { hello } mutation M { addNote(text: \"x\") { id } }",
        "Q", Map.of())))
        .isInstanceOfSatisfying(Inspection.Accepted.class, accepted -> assertThat(accepted.mutation()).isFalse());
  }

  @Test
  void dataNullWithErrorsIsAnUnknownOutcomeWithTheUpstreamsAnswerForExecutionBegan() {
    ExecutionOutcome outcome = engine.execute(GraphQLRequest.of("{ broken }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.OutcomeUnknown.class);
    assertThat(text(outcome)).contains("the upstream resolver failed", "\"data\":null");
  }

  @Test
  void errorsWithoutDataFailTheExecutionForTheUpstreamRefusedItBeforeExecuting() {
    // the schema PayQL holds would have refused this at invoicing; here the upstream judges it
    ExecutionOutcome outcome = engine.execute(GraphQLRequest.of("{ noSuchField }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
    assertThat(text(outcome)).contains("noSuchField").doesNotContain("\"data\"");
  }

  @Test
  void anAnswerPastTheDeadlineIsAnUnknownOutcome() {
    ExecutionOutcome outcome = engine.execute(GraphQLRequest.of("{ slow(ms: 5000) }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.OutcomeUnknown.class);
    assertThat(text(outcome)).contains("did not answer within 2000 ms");
  }

  @Test
  void anAnswerOverTheSizeLimitIsAnUnknownOutcome() {
    UpstreamQueryEngine strict = UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withLimits(Duration.ofSeconds(2), 64 * 1024).withRefresh(UpstreamSettings.DEFAULT_REFRESH_INTERVAL, Duration.ofSeconds(5)), EngineSettings.defaults());

    ExecutionOutcome outcome = strict.execute(GraphQLRequest.of("{ hello(name: \"" + "x".repeat(100_000) + "\") }"));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.OutcomeUnknown.class);
    assertThat(text(outcome)).contains("answered more than 65536 bytes");
  }

  @Test
  void anUpstreamThatIsDownFailsTheExecutionAndKeepsTheSchemaForInspection() {
    GraphQLRequest request = GraphQLRequest.of("{ hello }");
    upstream.close();

    engine.refresh();
    ExecutionOutcome outcome = engine.execute(request);

    assertThat(engine.inspect(request)).isInstanceOf(Inspection.Accepted.class);
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
    assertThat(text(outcome)).contains("could not be reached", "sent again with the same key, or refunded");
  }

  @Test
  void withoutAnUpstreamTheStartGivesUpAtItsDeadline() {
    upstream.close();

    assertThatThrownBy(() -> UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withRefresh(UpstreamSettings.DEFAULT_REFRESH_INTERVAL, Duration.ofSeconds(1)), EngineSettings.defaults()))
        .isInstanceOf(UpstreamUnavailableException.class)
        .hasMessageContaining("no schema from the upstream");
  }

  @Test
  void theSchemaMayComeFromAnSdlFile(@TempDir Path directory) throws IOException {
    Path sdl = Files.writeString(directory.resolve("upstream.graphqls"), "type Query { hello(name: String): String! }");
    UpstreamQueryEngine fromFile = UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withSdlFile(sdl), EngineSettings.defaults());

    assertThat(fromFile.inspect(GraphQLRequest.of("{ hello }"))).isInstanceOf(Inspection.Accepted.class);
    assertThat(fromFile.inspect(GraphQLRequest.of("{ notes { id } }"))).isInstanceOf(Inspection.Rejected.class);
  }

  @Test
  void costDirectivesInTheSdlFileSetThePrice(@TempDir Path directory) throws IOException {
    Path sdl = Files.writeString(directory.resolve("upstream.graphqls"), """
        directive @cost(weight: String!) on FIELD_DEFINITION | OBJECT
        directive @listSize(assumedSize: Int, slicingArguments: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
        type Query {
          hello(name: String): String! @cost(weight: "3")
          notes(first: Int): [Note!]! @listSize(slicingArguments: ["first"], assumedSize: 50, requireOneSlicingArgument: false)
        }
        type Note { id: ID!  text: String! }
        """);
    UpstreamQueryEngine priced = UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withSdlFile(sdl), EngineSettings.defaults());

    assertThat(weight(priced, "{ hello }")).isEqualTo(3);
    assertThat(weight(priced, "{ notes(first: 7) { text } }")).isEqualTo(7);
    assertThat(weight(priced, "{ notes { text } }")).isEqualTo(50);
    assertThat(weight(engine, "{ notes { text } }")).as("introspected: the defaults").isEqualTo(20);
  }

  @Test
  void theOperatorsCostFileOverridesTheSdlFilesDirectives(@TempDir Path directory) throws IOException {
    Path sdl = Files.writeString(directory.resolve("upstream.graphqls"), """
        directive @cost(weight: String!) on FIELD_DEFINITION | OBJECT
        type Query { hello(name: String): String! @cost(weight: "3") notes(first: Int): [Note!]! }
        type Note { id: ID!  text: String! }
        """);
    Path costs = Files.writeString(directory.resolve("costs.yaml"), """
        Query.hello:
          weight: 8
        Query.notes:
          slicingArguments: [first]
        """);
    UpstreamQueryEngine priced = UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl())
        .withSdlFile(sdl), EngineSettings.defaults(), CostFile.read(costs));

    assertThat(weight(priced, "{ hello }")).isEqualTo(8);
    assertThat(weight(priced, "{ notes(first: 4) { text } }")).isEqualTo(4);
    assertThat(priced.inspect(GraphQLRequest.of("{ notes { text } }"))).as("exactly one slicing argument")
        .isInstanceOf(Inspection.Rejected.class);
    Path wrong = Files.writeString(directory.resolve("wrong.yaml"), "Query.nots:\n  weight: 1\n");
    assertThatThrownBy(() -> UpstreamQueryEngine.start(UpstreamSettings.of(upstream.graphqlUrl()).withSdlFile(sdl),
        EngineSettings.defaults(), CostFile.read(wrong)))
        .isInstanceOf(CostFileException.class)
        .hasMessageContaining(wrong + " line 1, entry Query.nots: Query has no field nots");
  }

  private static long weight(UpstreamQueryEngine engine, String query) {
    return ((Inspection.Accepted) engine.inspect(GraphQLRequest.of(query))).weight();
  }

  private static String text(ExecutionOutcome outcome) {
    return new String(outcome.body(), StandardCharsets.UTF_8);
  }
}
