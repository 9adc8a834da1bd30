package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.api.upstream.YogaUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's cost file in proxy mode, in front of GraphQL Yoga (npm) whose schema is read by
 * introspection and so carries no cost directives: the file alone prices its fields, and the
 * priced request is forwarded and served as any other.
 */
class ProxyModeCostFileEndToEndTest {

  private static final String HELLO = Buyer.body("{ hello(name: \"buyer\") }");
  private static final String NOTES = Buyer.body("{ notes(first: 3) { text } }");

  @TempDir
  Path dir;

  @Test
  void theCostFilePricesAnIntrospectedUpstreamsFields() throws IOException {
    Path costs = Files.writeString(dir.resolve("costs.yaml"), """
        Query.hello:
          weight: 7
        Query.notes:
          slicingArguments: [first]
        Note:
          weight: 4
        """);
    try (YogaUpstream upstream = YogaUpstream.start()) {
      try (PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("plain"),
          Map.of("PAYQL_UPSTREAM_URL", upstream.graphqlUrl().toString()))) {
        // the defaults: a scalar 0 (the minimum price), a list of objects 20 at 1
        assertThat(payql.buyer().invoice(HELLO).get("cost").asLong()).isZero();
        assertThat(payql.buyer().invoice(NOTES).get("cost").asLong()).isEqualTo(20);
      }
      try (PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("costed"), Map.of(
          "PAYQL_UPSTREAM_URL", upstream.graphqlUrl().toString(), "PAYQL_COST_FILE", costs.toString()))) {
        JsonNode invoice = payql.buyer().invoice(HELLO);
        assertThat(invoice.get("cost").asLong()).isEqualTo(7);
        assertThat(invoice.get("value").asLong()).isEqualTo(7_000);
        assertThat(payql.buyer().invoice(NOTES).get("cost").asLong()).as("3 notes at 4").isEqualTo(12);

        payql.buyer().pay(invoice);
        HttpResponse<String> served = payql.buyer().graphql(invoice.get("apikey").asText(), HELLO);
        assertThat(served.body()).isEqualTo("{\"data\":{\"hello\":\"hello buyer\"}}");
      }
    }
  }
}
