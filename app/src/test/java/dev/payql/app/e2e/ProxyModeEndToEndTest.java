package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.api.upstream.YogaUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PayQL with {@code PAYQL_UPSTREAM_URL} in front of GraphQL Yoga (npm, a server nobody here
 * wrote), over real HTTP, counting on the upstream's side what reached it.
 */
class ProxyModeEndToEndTest {

  @TempDir
  Path dataDir;
  private YogaUpstream upstream;
  private PayqlTestInstance payql;
  private Buyer buyer;

  @BeforeEach
  void start() throws IOException {
    upstream = YogaUpstream.start();
    payql = PayqlTestInstance.start(dataDir, Map.of(
        "PAYQL_UPSTREAM_URL", upstream.graphqlUrl().toString(),
        "PAYQL_UPSTREAM_HEADERS", "X-Upstream-Token: operator-secret",
        "PAYQL_UPSTREAM_TIMEOUT", "3s"));
    buyer = payql.buyer();
  }

  @AfterEach
  void stop() {
    payql.close();
    upstream.close();
  }

  @Test
  void aQueryIsBoughtPaidForwardedOnceAndReplayedWithoutAskingTheUpstreamAgain() {
    String body = Buyer.body("{ hello(name: \"buyer\") }");
    JsonNode invoice = buyer.invoice(body);
    buyer.pay(invoice);
    int before = upstream.requests();

    HttpResponse<String> first = buyer.graphql(invoice.get("apikey").asText(), body);
    HttpResponse<String> replay = buyer.graphql(invoice.get("apikey").asText(), body);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"data\":{\"hello\":\"hello buyer\"}}");
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().firstValue("PayQL-Replay")).contains("true");
    assertThat(upstream.requests()).isEqualTo(before + 1);
    assertThat(upstream.lastHeaders().path("x-upstream-token").asText()).isEqualTo("operator-secret");
    assertThat(upstream.lastHeaders().has("authorization")).as("the buyer's key stays with PayQL").isFalse();
  }

  @Test
  void aRequestTheUpstreamsSchemaRefusesIsRefusedAtInvoicing() {
    HttpResponse<String> answer = buyer.post("/api/invoice", Buyer.body("{ hello { nope } }"), Map.of());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(Buyer.parse(answer).get("code").asText()).isEqualTo("graphql_validation");
  }

  @Test
  void aSubscriptionIsRefusedAtInvoicing() {
    HttpResponse<String> answer = buyer.post("/api/invoice", Buyer.body("subscription { ticks }"), Map.of());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(Buyer.parse(answer).get("detail").asText()).contains("subscriptions are not sold");
  }

  @Test
  void introspectionIsFreeAndAnsweredByPayqlAlone() {
    int before = upstream.requests();

    HttpResponse<String> answer = buyer.post("/graphql", Buyer.body("{ __schema { queryType { name } } }"), Map.of());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\"}}}}");
    assertThat(upstream.requests()).isEqualTo(before);
  }

  @Test
  void aPaidMutationReachesTheUpstreamOnceEvenWhenTheKeyIsPresentedAgain() {
    String body = Buyer.body("mutation { addNote(text: \"bought\") { id text } }");
    JsonNode invoice = buyer.invoice(body);
    buyer.pay(invoice);

    HttpResponse<String> first = buyer.graphql(invoice.get("apikey").asText(), body);
    HttpResponse<String> again = buyer.graphql(invoice.get("apikey").asText(), body);

    assertThat(first.body()).isEqualTo("{\"data\":{\"addNote\":{\"id\":\"1\",\"text\":\"bought\"}}}");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(upstream.mutations()).isEqualTo(1);
  }

  @Test
  void anUpstreamDownAtExecutionFailsTheKeyWhichIsRetriedOnceItIsBack() throws IOException {
    String body = Buyer.body("{ hello }");
    JsonNode invoice = buyer.invoice(body);
    buyer.pay(invoice);
    int port = upstream.port();
    upstream.close();

    HttpResponse<String> failed = buyer.graphql(invoice.get("apikey").asText(), body);
    JsonNode status = Buyer.parse(buyer.get("/api/invoice/status",
        Map.of("Authorization", "Bearer " + invoice.get("apikey").asText())));
    upstream = YogaUpstream.start(port);
    HttpResponse<String> retried = buyer.graphql(invoice.get("apikey").asText(), body);

    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(failed).at("/errors/0/message").asText()).contains("could not be reached");
    assertThat(status.get("state").asText()).isEqualTo("failed");
    assertThat(retried.body()).isEqualTo("{\"data\":{\"hello\":\"hello world\"}}");
    assertThat(upstream.requests()).isEqualTo(1);
  }
}
