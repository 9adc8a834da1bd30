package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.InvoiceStatusUseCase.Status;
import dev.payql.ports.in.InvoiceStatusUseCase.StatusOutcome;
import dev.payql.ports.in.InvoiceStatusUseCase.UnknownKey;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import java.time.Clock;
import java.time.Duration;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.testing.CallCounter;
import dev.payql.ports.testing.Eventually;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InvoiceStatusServiceTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();

  @Test
  void theStatusSaysWhetherTheInvoiceIsPaid() {
    var status = new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5));
    Issued issued = shop.buy(REQUEST);

    StatusOutcome before = status.status(issued.key().reveal(), Duration.ZERO);
    shop.node.settle(issued.paymentHash());
    StatusOutcome after = status.status(issued.key().reveal(), Duration.ZERO);

    assertThat(before).isEqualTo(new Status(PurchaseState.AWAITING_PAYMENT, issued.paymentHash(), issued.expiresAt()));
    assertThat(after).isEqualTo(new Status(PurchaseState.PAID, issued.paymentHash(), issued.expiresAt()));
  }

  @Test
  void aLongPollReturnsOnceThePaymentArrives() throws Exception {
    // a real clock: the poll's patience is measured in real time, the payment comes from another thread
    var status = new InvoiceStatusService(shop.store, shop.payments, Clock.systemUTC(), Duration.ofMillis(20));
    shop.clock.set(java.time.Instant.now()); // the invoice is issued on the same timeline the poll waits on
    Issued issued = shop.buy(REQUEST);

    CompletableFuture<StatusOutcome> poll =
        CompletableFuture.supplyAsync(() -> status.status(issued.key().reveal(), Duration.ofSeconds(30)));
    shop.node.settle(issued.paymentHash());

    assertThat(poll.get()).isInstanceOfSatisfying(Status.class, s -> assertThat(s.state()).isEqualTo(PurchaseState.PAID));
  }

  @Test
  void anUnpaidInvoicePastItsExpiryShowsAsExpired() {
    var status = new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5));
    Issued issued = shop.buy(REQUEST);
    shop.clock.advance(Shop.INVOICE_EXPIRY);

    assertThat(status.status(issued.key().reveal(), Duration.ZERO))
        .isInstanceOfSatisfying(Status.class, s -> assertThat(s.state()).isEqualTo(PurchaseState.EXPIRED));
  }

  @Test
  void badAndUnknownKeysAreToldApart() {
    var status = new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5));

    assertThat(status.status("xyz", Duration.ZERO)).isEqualTo(new UnknownKey(RefusalReason.INVALID_API_KEY));
    assertThat(status.status("0".repeat(64), Duration.ZERO)).isEqualTo(new UnknownKey(RefusalReason.UNKNOWN_API_KEY));
  }

  @Test
  void aLongPollIsWokenByTheRecordedPaymentWithoutPollingTheStoreOrTheNode() throws Exception {
    CallCounter calls = new CallCounter();
    PurchaseStore store = calls.wrap(PurchaseStore.class, shop.store);
    LightningNode node = calls.wrap(LightningNode.class, shop.node);
    PaymentRecorder payments = new PaymentRecorder(store, node, Shop.POLICY);
    // a recheck far beyond the test: only the signal can end the wait early
    var status = new InvoiceStatusService(store, payments, Clock.systemUTC(), Duration.ofMinutes(10));
    shop.clock.set(java.time.Instant.now());
    Issued issued = shop.buy(REQUEST);

    CompletableFuture<StatusOutcome> poll =
        CompletableFuture.supplyAsync(() -> status.status(issued.key().reveal(), Duration.ofSeconds(60)));
    // watching, and past its one look at the node: from here only the signal moves it
    Eventually.await("the poll to wait", () -> payments.signals().watched() == 1 && calls.count("lookupInvoice") == 1);
    long storeCallsWhileWaiting = calls.count("findByKeyDigest");
    shop.node.settle(issued.paymentHash());
    payments.recordSettlement(issued.paymentHash(), java.time.Instant.now()); // as the settlement stream does

    assertThat(poll.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(Status.class,
        s -> assertThat(s.state()).isEqualTo(PurchaseState.PAID));
    assertThat(calls.count("lookupInvoice")).as(calls.toString()).isEqualTo(1); // once, before waiting
    assertThat(calls.count("findByKeyDigest") - storeCallsWhileWaiting).as(calls.toString()).isEqualTo(1);
    assertThat(payments.signals().watched()).isZero();
  }

  @Test
  void aLongPollInterruptedAnswersTheStateItKnowsInsteadOfFailing() throws Exception {
    var status = new InvoiceStatusService(shop.store, shop.payments, Clock.systemUTC(), Duration.ofMinutes(10));
    shop.clock.set(java.time.Instant.now());
    Issued issued = shop.buy(REQUEST);
    CompletableFuture<Object> answer = new CompletableFuture<>();
    Thread poller = Thread.ofVirtual().start(() -> {
      try {
        answer.complete(status.status(issued.key().reveal(), Duration.ofSeconds(60)));
      } catch (RuntimeException e) {
        answer.complete(e);
      }
    });
    Eventually.await("the poll to wait", () -> shop.payments.signals().watched() == 1);

    poller.interrupt();

    assertThat(answer.get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(Status.class,
        s -> assertThat(s.state()).isEqualTo(PurchaseState.AWAITING_PAYMENT));
  }

  @Test
  void closingTheSignalsAnswersEveryLongPollAtOnce() throws Exception {
    var status = new InvoiceStatusService(shop.store, shop.payments, Clock.systemUTC(), Duration.ofMinutes(10));
    shop.clock.set(java.time.Instant.now());
    Issued first = shop.buy(REQUEST);
    Issued second = shop.buy(REQUEST);
    CompletableFuture<StatusOutcome> one =
        CompletableFuture.supplyAsync(() -> status.status(first.key().reveal(), Duration.ofSeconds(60)));
    CompletableFuture<StatusOutcome> two =
        CompletableFuture.supplyAsync(() -> status.status(second.key().reveal(), Duration.ofSeconds(60)));
    Eventually.await("both polls to wait", () -> shop.payments.signals().watched() == 2);

    shop.payments.signals().close();

    assertThat(one.get(60, TimeUnit.SECONDS)).isInstanceOf(Status.class);
    assertThat(two.get(60, TimeUnit.SECONDS)).isInstanceOf(Status.class);
    assertThat(status.status(first.key().reveal(), Duration.ofSeconds(60))).isInstanceOf(Status.class);
  }
}
