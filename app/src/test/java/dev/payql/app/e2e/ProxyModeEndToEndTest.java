package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.api.upstream.YogaUpstream;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    // the lease just over the execution timeout, so a test can wait past it
    payql = PayqlTestInstance.start(dataDir, Map.of(
        "PAYQL_UPSTREAM_URL", upstream.graphqlUrl().toString(),
        "PAYQL_UPSTREAM_HEADERS", "X-Upstream-Token: operator-secret",
        "PAYQL_UPSTREAM_TIMEOUT", "3s",
        "PAYQL_EXECUTION_TIMEOUT", "3s",
        "PAYQL_EXECUTION_LEASE", "4s",
        "PAYQL_UPSTREAM_FORWARD_HEADERS", "X-Tenant"));
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
  void theBuyersAllowListedHeadersOfThePaidRequestTravelAndTheirValuesAreNoPartOfWhatWasBought() {
    String body = Buyer.body("{ hello(name: \"tenant\") }");
    JsonNode bought = Buyer.parse(buyer.post("/api/invoice", body, Map.of("X-Tenant", "asked-at-invoicing")));
    buyer.pay(bought);
    String key = bought.get("apikey").asText();

    HttpResponse<String> answer = buyer.post("/graphql", body, Map.of("Authorization", "Bearer " + key,
        "X-Tenant", "shop-7", "Cookie", "session=buyer", "X-Not-Listed", "no"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"data\":{\"hello\":\"hello tenant\"}}");
    JsonNode sent = upstream.lastHeaders();
    assertThat(sent.path("x-tenant").asText()).as("the paid request's value").isEqualTo("shop-7");
    assertThat(sent.has("cookie")).isFalse();
    assertThat(sent.has("x-not-listed")).isFalse();
    assertThat(sent.has("authorization")).isFalse();
    assertThat(sent.path("x-upstream-token").asText()).isEqualTo("operator-secret");
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

  @Test
  void aMutationWhoseForwardTimedOutIsNeverSentAgainAndIsRefunded(@TempDir Path walletDir) throws Exception {
    // the upstream runs the mutation at once and answers after 6 s: the 3 s forward times out after it ran
    String body = Buyer.body("mutation { addNote(text: \"timed-out\", delayMs: 6000) { id } }");
    JsonNode invoice = buyer.invoice(body);
    buyer.pay(invoice);
    String key = invoice.get("apikey").asText();
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + key);

    HttpResponse<String> first = buyer.graphql(key, body);
    HttpResponse<String> retry = buyer.graphql(key, body);
    // past the lease the first execution held: a lapsed lease must not make the key claimable again
    Thread.sleep(Duration.ofSeconds(5));
    HttpResponse<String> afterTheLease = buyer.graphql(key, body);
    JsonNode status = Buyer.parse(buyer.get("/api/invoice/status", bearer));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(first).at("/errors/0/message").asText()).contains("did not answer within 3000 ms",
        "may have reached the upstream");
    for (HttpResponse<String> refused : java.util.List.of(retry, afterTheLease)) {
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(Buyer.parse(refused).get("code").asText()).isEqualTo("outcome_unknown");
      assertThat(Buyer.parse(refused).get("detail").asText()).contains("refunded");
    }
    assertThat(status.get("state").asText()).isEqualTo("outcome_unknown");
    assertThat(upstream.mutationsOf("timed-out")).as("counted on the upstream's side").isEqualTo(1);

    try (SimulatedNode wallet = new SimulatedNode(walletDir, Clock.systemUTC())) {
      String refundInvoice = wallet.createInvoice(new InvoiceRequest(Msat.of(invoice.get("value").asLong()),
          "refund", Duration.ofMinutes(10), "refund-1")).paymentRequest().text();
      HttpResponse<String> refund = buyer.post("/api/refund", Buyer.json(Map.of("paymentRequest", refundInvoice)),
          bearer);

      assertThat(refund.statusCode()).isEqualTo(200);
    }
    assertThat(Buyer.parse(buyer.get("/api/invoice/status", bearer)).get("state").asText()).isEqualTo("refunded");
    assertThat(buyer.graphql(key, body).statusCode()).isEqualTo(410);
    assertThat(upstream.mutationsOf("timed-out")).isEqualTo(1);
  }

  @Test
  void aMutationTheUpstreamCouldNotBeReachedForStaysFailedAndIsSentOnceItIsBack() throws IOException {
    String body = Buyer.body("mutation { addNote(text: \"unreached\") { text } }");
    JsonNode invoice = buyer.invoice(body);
    buyer.pay(invoice);
    int port = upstream.port();
    upstream.close();

    HttpResponse<String> failed = buyer.graphql(invoice.get("apikey").asText(), body);
    upstream = YogaUpstream.start(port);
    HttpResponse<String> retried = buyer.graphql(invoice.get("apikey").asText(), body);

    assertThat(Buyer.parse(failed).at("/errors/0/message").asText()).contains("could not be reached");
    assertThat(retried.body()).isEqualTo("{\"data\":{\"addNote\":{\"text\":\"unreached\"}}}");
    assertThat(upstream.mutationsOf("unreached")).isEqualTo(1);
  }
}
