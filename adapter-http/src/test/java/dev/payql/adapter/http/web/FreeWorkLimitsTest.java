package dev.payql.adapter.http.web;

import static dev.payql.adapter.http.web.HttpApiTest.BEARER;
import static dev.payql.adapter.http.web.HttpApiTest.BODY;
import static dev.payql.adapter.http.web.HttpApiTest.HASH;
import static dev.payql.adapter.http.web.HttpApiTest.EXPIRES;
import static dev.payql.adapter.http.web.HttpApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The limits on what a client can make PayQL do without paying: each refusal comes before the use
 * case is called, so the node and the store see nothing of it.
 */
class FreeWorkLimitsTest {

  private final ScriptedUseCases ports = new ScriptedUseCases();
  private final AtomicInteger calls = new AtomicInteger();

  private HttpApi start(ClientLimits limits, TrustedProxies proxies) {
    return new HttpApi(HttpSettings.defaults().withPort(0).withLimits(limits).withProxies(proxies), ports, ports,
        ports, ports, ports, List.of(), Optional.empty()).start();
  }

  @Test
  void redemptionsWithUnknownOrUnpaidKeysAreRationedBeforeTheStoreIsAsked() {
    ports.redeem = (key, request) -> {
      calls.incrementAndGet();
      return calls.get() % 2 == 0 ? RedeemUseCase.Refused.because(RefusalReason.UNKNOWN_API_KEY)
          : RedeemUseCase.Refused.because(RefusalReason.PAYMENT_PENDING);
    };
    try (HttpApi api = start(ClientLimits.off().withUnpaidAttemptsPerMinute(3), TrustedProxies.none())) {
      Http client = new Http(api.port());
      for (int i = 0; i < 3; i++) {
        assertThat(client.post("/graphql", BODY, "Authorization", BEARER).statusCode()).isIn(401, 402);
      }

      HttpResponse<byte[]> fourth = client.post("/graphql", BODY, "Authorization", BEARER);

      assertProblem(fourth, 429, "too_many_unpaid_attempts");
      assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
      assertProblem(client.post("/graphql", BODY), 429, "too_many_unpaid_attempts");
      assertThat(calls).hasValue(3);
    }
  }

  @Test
  void aPaidKeyIsNeverCountedAsAnUnpaidAttempt() {
    ports.redeem = (key, request) -> new RedeemUseCase.Executed("{\"data\":{}}".getBytes(StandardCharsets.UTF_8), false);
    try (HttpApi api = start(ClientLimits.off().withUnpaidAttemptsPerMinute(2), TrustedProxies.none())) {
      Http client = new Http(api.port());

      for (int i = 0; i < 20; i++) {
        assertThat(client.post("/graphql", BODY, "Authorization", BEARER).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void statusRequestsAreRationedBeforeTheStoreIsAsked() {
    ports.status = (key, wait) -> {
      calls.incrementAndGet();
      return new InvoiceStatusUseCase.Status(PurchaseState.AWAITING_PAYMENT, HASH, EXPIRES);
    };
    try (HttpApi api = start(ClientLimits.off().withStatusRequestsPerMinute(2), TrustedProxies.none())) {
      Http client = new Http(api.port());
      client.get("/api/invoice/status", "Authorization", BEARER);
      client.get("/api/invoice/status", "Authorization", BEARER);

      assertProblem(client.get("/api/invoice/status", "Authorization", BEARER), 429, "too_many_status_requests");
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void oneClientHoldsAtMostItsShareOfLongPollsAndEveryoneTogetherTheirs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch waiting = new CountDownLatch(2);
    ports.status = (key, wait) -> {
      if (!wait.isZero()) {
        waiting.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new InvoiceStatusUseCase.Status(PurchaseState.AWAITING_PAYMENT, HASH, EXPIRES);
    };
    try (HttpApi api = start(ClientLimits.off().withLongPolls(1, 2), TrustedProxies.hops(1))) {
      Http http = new Http(api.port());
      CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() ->
          http.get("/api/invoice/status?wait=30", "Authorization", BEARER, "X-Forwarded-For", "198.51.100.1"));
      CompletableFuture<HttpResponse<byte[]>> second = CompletableFuture.supplyAsync(() ->
          http.get("/api/invoice/status?wait=30", "Authorization", BEARER, "X-Forwarded-For", "198.51.100.2"));
      assertThat(waiting.await(60, TimeUnit.SECONDS)).isTrue();

      assertProblem(http.get("/api/invoice/status?wait=30", "Authorization", BEARER, "X-Forwarded-For", "198.51.100.1"),
          429, "too_many_long_polls");
      assertProblem(http.get("/api/invoice/status?wait=30", "Authorization", BEARER, "X-Forwarded-For", "198.51.100.3"),
          503, "long_polls_full");
      assertThat(http.get("/api/invoice/status", "Authorization", BEARER, "X-Forwarded-For", "198.51.100.1")
          .statusCode()).as("a status without wait needs no slot").isEqualTo(200);

      release.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(second.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(http.get("/api/invoice/status?wait=1", "Authorization", BEARER, "X-Forwarded-For", "198.51.100.1")
          .statusCode()).as("the slots are free again").isEqualTo(200);
    }
  }

  @Test
  void aNodeRefusingPayqlsCredentialsIsItsOwn503() {
    ports.issue = request -> {
      throw new NodeAccessDeniedException("LND refused the macaroon /etc/payql/invoice.macaroon: permission denied");
    };
    try (HttpApi api = start(ClientLimits.off(), TrustedProxies.none())) {
      HttpResponse<byte[]> response = new Http(api.port()).post("/api/invoice", BODY);

      assertProblem(response, 503, "node_access_denied");
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(Http.text(response)).doesNotContain("macaroon");
    }
  }
}
