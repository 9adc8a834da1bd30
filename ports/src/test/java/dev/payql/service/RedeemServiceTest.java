package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import dev.payql.ports.in.RedeemUseCase.Executed;
import dev.payql.ports.in.RedeemUseCase.PaymentRequired;
import dev.payql.ports.in.RedeemUseCase.RedemptionOutcome;
import dev.payql.ports.in.RedeemUseCase.Refused;
import dev.payql.ports.in.RedeemUseCase.Replayed;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RedeemServiceTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of(
      "query ($symbol: String) { exchange(exchangeSymbol: $symbol) { country } }", null, Map.of("symbol", "binance"));
  private static final GraphQLRequest OTHER = GraphQLRequest.of(
      "query ($symbol: String) { exchange(exchangeSymbol: $symbol) { country } }", null, Map.of("symbol", "kraken"));

  private final Shop shop = new Shop();

  private RedemptionOutcome redeem(Issued issued, GraphQLRequest request) {
    return shop.redeemer.redeem(issued.key().reveal(), request);
  }

  @Test
  void aPreimageRedeemsItsPurchaseUnderTheSameRulesAsItsKey() {
    Issued issued = shop.buy(REQUEST);
    Preimage preimage = shop.node.pay(issued.paymentHash());
    PaymentProof proof = new PaymentProof.PaidPreimage(preimage);

    Executed first = (Executed) shop.redeemer.redeem(proof, REQUEST);

    assertThat(shop.redeemer.redeem(proof, REQUEST)).isInstanceOfSatisfying(Replayed.class,
        replayed -> assertThat(replayed.body()).isEqualTo(first.body()));
    assertThat(shop.redeemer.redeem(proof, OTHER)).isEqualTo(Refused.because(RefusalReason.KEY_SPENT));
    // the key and the preimage are two names of one purchase: it ran once, whichever is shown
    assertThat(redeem(issued, REQUEST)).isInstanceOf(Replayed.class);
    assertThat(shop.engine.executions()).isEqualTo(1);
  }

  @Test
  void theBuyersHeadersTheEngineAskedForGoWithThePaidExecutionOnly() {
    Issued issued = shop.buyAndPay(REQUEST);
    var headers = new dev.payql.ports.out.query.ForwardedHeaders(Map.of("x-tenant", List.of("shop-7")));

    shop.redeemer.redeem(issued.key().reveal(), REQUEST, headers);

    assertThat(shop.redeemer.forwardedHeaderNames()).containsExactly("x-tenant");
    assertThat(shop.engine.lastHeaders()).isEqualTo(headers);
  }

  @Test
  void aPreimageOfNoPurchaseIsAnUnknownPayment() {
    Preimage madeUp = Preimage.ofHex("11".repeat(32));

    assertThat(shop.redeemer.redeem(new PaymentProof.PaidPreimage(madeUp), REQUEST))
        .isEqualTo(Refused.because(RefusalReason.UNKNOWN_PAYMENT));
    assertThat(shop.engine.executions()).isZero();
  }

  @Test
  void anIssuedInvoiceRunsOnlyOnceTheNodeHasItPaid() {
    Issued issued = shop.buy(REQUEST);
    PaymentProof proof = new PaymentProof.IssuedInvoice(issued.paymentHash());

    assertThat(shop.redeemer.redeem(proof, REQUEST)).isInstanceOfSatisfying(Refused.class,
        refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.PAYMENT_PENDING));
    shop.node.settle(issued.paymentHash());

    assertThat(shop.redeemer.redeem(proof, REQUEST)).isInstanceOf(Executed.class);
    assertThat(shop.engine.executions()).isEqualTo(1);
  }

  @Test
  void aPaidKeyRunsItsRequestOnceAndIsSpent() {
    Issued issued = shop.buyAndPay(REQUEST);

    RedemptionOutcome outcome = redeem(issued, REQUEST);

    assertThat(outcome).isInstanceOfSatisfying(Executed.class, executed -> assertThat(executed.failed()).isFalse());
    assertThat(shop.engine.executions()).isEqualTo(1);
    assertThat(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state()).isEqualTo(PurchaseState.SPENT);
  }

  @Test
  void theSameKeyAndBodyInsideTheReplayWindowGetTheSameBytesWithoutRunningAgain() {
    Issued issued = shop.buyAndPay(REQUEST);
    Executed first = (Executed) redeem(issued, REQUEST);
    shop.clock.advance(Duration.ofMinutes(4));

    RedemptionOutcome again = redeem(issued, REQUEST);

    assertThat(again).isInstanceOfSatisfying(Replayed.class, replayed -> assertThat(replayed.body()).isEqualTo(first.body()));
    assertThat(shop.engine.executions()).isEqualTo(1);
  }

  @Test
  void afterTheReplayWindowTheKeyIsSimplySpent() {
    Issued issued = shop.buyAndPay(REQUEST);
    redeem(issued, REQUEST);
    shop.clock.advance(Shop.POLICY.replayWindow());

    assertThat(redeem(issued, REQUEST)).isEqualTo(Refused.because(RefusalReason.KEY_SPENT));
  }

  @Test
  void anotherBodyWithASpentKeyIsRefusedAsSpent() {
    Issued issued = shop.buyAndPay(REQUEST);
    redeem(issued, REQUEST);

    assertThat(redeem(issued, OTHER)).isEqualTo(Refused.because(RefusalReason.KEY_SPENT));
  }

  @Test
  void anUnpaidKeyIsRefusedWithTheInvoiceToPay() {
    Issued issued = shop.buy(REQUEST);

    RedemptionOutcome outcome = redeem(issued, REQUEST);

    assertThat(outcome).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(RefusalReason.PAYMENT_PENDING);
      assertThat(refused.paymentRequest()).contains(issued.paymentRequest());
    });
    assertThat(shop.engine.executions()).isZero();
  }

  @Test
  void aLapsedUnpaidInvoiceKillsTheKey() {
    Issued issued = shop.buy(REQUEST);
    shop.clock.advance(Shop.INVOICE_EXPIRY);

    assertThat(redeem(issued, REQUEST)).isEqualTo(Refused.because(RefusalReason.INVOICE_EXPIRED));
  }

  @Test
  void aDifferentBodyIsRefusedAndTheKeyStaysGoodForTheRightOne() {
    Issued issued = shop.buyAndPay(REQUEST);

    assertThat(redeem(issued, OTHER)).isEqualTo(Refused.because(RefusalReason.REQUEST_MISMATCH));
    assertThat(redeem(issued, REQUEST)).isInstanceOf(Executed.class);
  }

  @Test
  void aMalformedKeyAndAnUnknownKeyAreToldApart() {
    assertThat(shop.redeemer.redeem("not-a-key", REQUEST)).isEqualTo(Refused.because(RefusalReason.INVALID_API_KEY));
    assertThat(shop.redeemer.redeem("ab".repeat(32), REQUEST)).isEqualTo(Refused.because(RefusalReason.UNKNOWN_API_KEY));
  }

  @Test
  void aPaymentTheStreamNeverReportedIsFoundByAskingTheNode() {
    Issued issued = shop.buyAndPay(REQUEST); // no watcher runs in this test: only the node knows

    assertThat(redeem(issued, REQUEST)).isInstanceOf(Executed.class);
  }

  @Test
  void aFailedExecutionLeavesTheKeyRetryable() {
    Issued issued = shop.buyAndPay(REQUEST);
    shop.engine.failFromNowOn(true);

    assertThat(redeem(issued, REQUEST)).isInstanceOfSatisfying(Executed.class, e -> assertThat(e.failed()).isTrue());
    assertThat(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state()).isEqualTo(PurchaseState.FAILED);

    shop.engine.failFromNowOn(false);
    assertThat(redeem(issued, REQUEST)).isInstanceOfSatisfying(Executed.class, e -> assertThat(e.failed()).isFalse());
    assertThat(shop.engine.executions()).isEqualTo(2);
  }

  @Test
  void aKeyWhoseExecutorDiedIsServedOnceAfterItsLeaseLapses() {
    Issued issued = shop.buyAndPay(REQUEST);
    var paid = shop.payments.refresh(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow());
    // an executor claims the key and dies before recording any outcome
    assertThat(shop.store.compareAndSet(paid.claim(shop.clock.instant(), Shop.POLICY.executionLease()))).isTrue();

    RedemptionOutcome whileLeased = redeem(issued, REQUEST);
    shop.clock.advance(Shop.POLICY.executionLease());
    RedemptionOutcome afterLapse = redeem(issued, REQUEST);
    RedemptionOutcome afterThat = redeem(issued, REQUEST);

    assertThat(whileLeased).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(RefusalReason.REDEMPTION_IN_PROGRESS);
      // nothing ran here yet: come back in a second, not when the lease lapses
      assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
    });
    assertThat(afterLapse).isInstanceOf(Executed.class);
    assertThat(afterThat).isInstanceOf(Replayed.class);
    assertThat(shop.engine.executions()).isEqualTo(1);
  }

  @Test
  void anExecutorWhoseLeaseLapsedAndWasTakenOverDoesNotAnswerWithItsResult() throws Exception {
    Issued issued = shop.buyAndPay(REQUEST);
    java.util.concurrent.CountDownLatch executing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    var slow = new RedeemService(shop.store, new dev.payql.ports.out.query.QueryEngine() {
      @Override
      public dev.payql.ports.out.query.Inspection inspect(GraphQLRequest request) {
        return shop.engine.inspect(request);
      }

      @Override
      public dev.payql.ports.out.query.ExecutionOutcome execute(GraphQLRequest request) {
        executing.countDown();
        try {
          resume.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return shop.engine.execute(request);
      }
    }, shop.payments, Shop.POLICY, shop.clock);
    var stuck = java.util.concurrent.CompletableFuture.supplyAsync(() -> slow.redeem(issued.key().reveal(), REQUEST));
    executing.await();
    shop.clock.advance(Shop.POLICY.executionLease());

    RedemptionOutcome takeover = redeem(issued, REQUEST);
    resume.countDown();
    RedemptionOutcome stale = stuck.get();

    assertThat(takeover).isInstanceOf(Executed.class);
    assertThat(stale).isInstanceOfSatisfying(Refused.class,
        refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.REDEMPTION_IN_PROGRESS));
    assertThat(redeem(issued, REQUEST)).isInstanceOfSatisfying(Replayed.class,
        replayed -> assertThat(replayed.body()).isEqualTo(((Executed) takeover).body()));
  }

  @Test
  void fiftyThreadsRedeemingOnePaidKeyExecuteItExactlyOnce() throws Exception {
    Issued issued = shop.buyAndPay(REQUEST);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<RedemptionOutcome>> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
      for (int i = 0; i < 50; i++) {
        outcomes.add(pool.submit(() -> {
          start.await();
          return redeem(issued, REQUEST);
        }));
      }
      start.countDown();
      int executed = 0;
      for (Future<RedemptionOutcome> outcome : outcomes) {
        RedemptionOutcome o = outcome.get();
        assertThat(o).isInstanceOfAny(Executed.class, Replayed.class, Refused.class);
        if (o instanceof Refused refused) {
          assertThat(refused.reason()).isEqualTo(RefusalReason.REDEMPTION_IN_PROGRESS);
        }
        executed += o instanceof Executed ? 1 : 0;
      }
      assertThat(executed).isEqualTo(1);
    }
    assertThat(shop.engine.executions()).isEqualTo(1);
  }

  @Test
  void withoutAKeyOnlyIntrospectionRuns() {
    assertThat(shop.redeemer.runWithoutKey(GraphQLRequest.of("{ __schema { queryType { name } } }")))
        .isInstanceOf(Executed.class);
    assertThat(shop.redeemer.runWithoutKey(REQUEST)).isInstanceOf(PaymentRequired.class);
  }

  @Test
  void aKeyBeingExecutedIsToldToComeBackWhenExecutionsUsuallyEndNotWhenTheLeaseLapses() {
    RedeemService timed = new RedeemService(shop.store, new QueryEngine() {
      @Override
      public Inspection inspect(GraphQLRequest request) {
        return shop.engine.inspect(request);
      }

      @Override
      public ExecutionOutcome execute(GraphQLRequest request) {
        shop.clock.advance(Duration.ofSeconds(3)); // every execution here takes 3 s
        return shop.engine.execute(request);
      }
    }, shop.payments, Shop.POLICY, shop.clock);
    timed.redeem(shop.buyAndPay(REQUEST).key().reveal(), REQUEST);
    Issued issued = shop.buyAndPay(REQUEST);
    var paid = shop.payments.refresh(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow());
    assertThat(shop.store.compareAndSet(paid.claim(shop.clock.instant(), Shop.POLICY.executionLease()))).isTrue();
    shop.clock.advance(Duration.ofSeconds(1));

    RedemptionOutcome busy = timed.redeem(issued.key().reveal(), REQUEST);

    // twice the usual 3 s, of which 1 s has passed; the lease would have said 29 s
    assertThat(busy).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo(RefusalReason.REDEMPTION_IN_PROGRESS);
      assertThat(refused.retryAfter()).contains(Duration.ofSeconds(5));
    });
  }

  @Test
  void anEngineThatThrowsIsAFailedExecutionTheKeyRetryableNotACrash() {
    Issued issued = shop.buyAndPay(REQUEST);
    RedeemService broken = new RedeemService(shop.store, new QueryEngine() {
      @Override
      public Inspection inspect(GraphQLRequest request) {
        return shop.engine.inspect(request);
      }

      @Override
      public ExecutionOutcome execute(GraphQLRequest request) {
        throw new IllegalStateException("a bug in the engine");
      }
    }, shop.payments, Shop.POLICY, shop.clock);

    RedemptionOutcome outcome = broken.redeem(issued.key().reveal(), REQUEST);

    assertThat(outcome).isInstanceOfSatisfying(Executed.class, executed -> {
      assertThat(executed.failed()).isTrue();
      assertThat(new String(executed.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"errors\"")
          .doesNotContain("a bug in the engine");
    });
    assertThat(shop.store.findByKeyDigest(issued.key().digest()).orElseThrow().state()).isEqualTo(PurchaseState.FAILED);
    assertThat(redeem(issued, REQUEST)).isInstanceOfSatisfying(Executed.class, e -> assertThat(e.failed()).isFalse());
  }
}
