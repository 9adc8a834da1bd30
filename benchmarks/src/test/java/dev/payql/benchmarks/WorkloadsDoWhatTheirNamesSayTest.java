package dev.payql.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.app.PayqlApplication;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each workload of the load driver run a few times against a real PayQL (simulated node, H2), the
 * real bare server and a real database, untimed: it works, and it does what its name says. A
 * "redemption" that replayed a stored answer, or an "invoice" that stored nothing, would report a
 * pleasing, wrong figure.
 */
class WorkloadsDoWhatTheirNamesSayTest {

  @TempDir
  static Path directory;
  private static PayqlApplication payql;
  private static BareGraphqlServer bare;
  private static PayqlHttp http;

  @BeforeAll
  static void start() throws InterruptedException {
    payql = PayqlApplication.start(HttpLoadDriver.config(directory.resolve("payql"), Optional.empty(), ""));
    // the workloads sell market queries: wait for the first start's sample data, as the driver does
    if (!payql.awaitDataReady(Duration.ofMinutes(30))) {
      throw new IllegalStateException("the sample market data did not load");
    }
    bare = BareGraphqlServer.start();
    http = new PayqlHttp(payql.port());
  }

  @AfterAll
  static void stop() {
    if (payql != null) {
      payql.close();
    }
    if (bare != null) {
      bare.close();
    }
  }

  @Test
  void theBareServerAnswersThePaidQueryAsPayqlDoesWithoutAnyPurchase() throws Exception {
    PayqlHttp bareHttp = new PayqlHttp(bare.port());
    int awaitingBefore = awaitingPayment().size();

    assertThat(new BareQuery(bareHttp).runOnce(new StepTimes())).isNull();
    PayqlHttp.Answer answer = bareHttp.post("/graphql", PurchaseSteps.BODY, Map.of());
    assertThat(answer.json().orElseThrow().at("/data/exchange/country").asText()).isEqualTo("MT");
    assertThat(awaitingPayment()).hasSize(awaitingBefore); // nothing was bought
  }

  @Test
  void anInvoiceStoresOneUnpaidPurchase() throws Exception {
    int before = awaitingPayment().size();

    assertThat(new InvoiceIssue(http).runOnce(new StepTimes())).isNull();

    assertThat(awaitingPayment()).hasSize(before + 1);
  }

  @Test
  void theCommitsCountedAroundAnInvoiceAreThoseOfItsStoredPurchase() throws Exception {
    CommitGrouping before = CommitGrouping.scrape(http);

    assertThat(new InvoiceIssue(http).runOnce(new StepTimes())).isNull();

    // one invoice alone is one write in one commit (the settlement stream writes only once it is paid)
    CommitGrouping during = CommitGrouping.scrape(http).since(before);
    assertThat(during.commits()).isEqualTo(1);
    assertThat(during.writes()).isEqualTo(1.0);
    assertThat(during.perCommit()).isEqualTo("1.00");
  }

  @Test
  void aPaidRedemptionExecutesAKeyPaidBeforeAndSpendsIt() throws Exception {
    PaidRedemption redemption = new PaidRedemption(http);
    LoadPhase.Result preparation = redemption.prepare(2, 2);
    assertThat(preparation.failed()).isZero();
    assertThat(redemption.keysLeft()).isEqualTo(2);
    String key = redemption.nextKey().orElseThrow();
    assertThat(status(key)).isEqualTo("paid"); // recorded before the measured request

    StepTimes steps = new StepTimes();
    assertThat(redemption.runOnce(steps)).isNull();

    assertThat(status(key)).isEqualTo("spent");
    assertThat(redemption.keysLeft()).isEqualTo(1);
    Map<String, org.HdrHistogram.Histogram> recorded = new java.util.LinkedHashMap<>();
    steps.addTo(recorded);
    assertThat(recorded.keySet()).containsExactly("graphql"); // the redemption alone is timed
    assertThat(redemption.runOnce(new StepTimes())).isNull();
    assertThat(redemption.runOnce(new StepTimes())).isEqualTo("graphql: no paid key left");
  }

  @Test
  void aRedemptionOfASpentKeyIsAFailureNotAReplayCountedAsExecuted() throws Exception {
    PurchaseSteps.Issued issued = PurchaseSteps.invoice(http, new StepTimes());
    assertThat(PurchaseSteps.pay(http, issued.paymentRequest(), new StepTimes())).isNull();
    assertThat(PurchaseSteps.redeem(http, issued.key(), new StepTimes())).isNull();

    assertThat(PurchaseSteps.redeem(http, issued.key(), new StepTimes())).isEqualTo("graphql: a replay, not an execution");
  }

  @Test
  void theWholeCycleTimesItsThreeSteps() throws Exception {
    StepTimes steps = new StepTimes();

    assertThat(new PaidCycle(http).runOnce(steps)).isNull();

    Map<String, org.HdrHistogram.Histogram> recorded = new java.util.LinkedHashMap<>();
    steps.addTo(recorded);
    assertThat(recorded.keySet()).containsExactly("invoice", "pay", "graphql");
  }

  @Test
  void theFreeIntrospectionIsAnsweredByPayqlWithoutAKey() throws Exception {
    assertThat(new FreeIntrospection(http).runOnce(new StepTimes())).isNull();
  }

  @Test
  void aRawInsertCommitsOnePurchaseShapedRowIntoADatabaseMigratedByPayql() throws Exception {
    try (BenchDatabases databases = new BenchDatabases(BenchDatabases.Kind.H2, directory, "", "");
        RawPurchaseInsert raw = new RawPurchaseInsert(databases.createMigrated("raw"), databases.user(),
            PersistenceConfig.DEFAULT_POOL_SIZE)) {
      assertThat(raw.committedRows()).isZero();

      assertThat(raw.runOnce(new StepTimes())).isNull();
      assertThat(raw.runOnce(new StepTimes())).isNull();

      assertThat(raw.committedRows()).isEqualTo(2);
    }
    assertThat(Files.exists(directory.resolve("raw").resolve("payql.mv.db"))).isTrue(); // a file of its own
  }

  @Test
  void theOpenLoopSendsOnItsScheduleAndCountsAStallFromTheIntendedSendTime() throws Exception {
    java.util.concurrent.CountDownLatch fiftiethStarted = new java.util.concurrent.CountDownLatch(50);
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    Workload firstWaitsForTheFiftieth = new Workload() {
      @Override
      public String name() {
        return "stalling";
      }

      @Override
      public String runOnce(StepTimes steps) throws InterruptedException {
        boolean first = started.getAndIncrement() == 0;
        fiftiethStarted.countDown();
        if (first) {
          fiftiethStarted.await(); // a stall that only later sends end
        }
        return null;
      }
    };

    OpenLoopPhase.Result result = OpenLoopPhase.run("stalling", firstWaitsForTheFiftieth, 200, Duration.ofSeconds(1), 100);

    assertThat(result.scheduled()).isEqualTo(200);
    assertThat(result.completed()).isEqualTo(200);
    assertThat(result.latency().getTotalCount()).isEqualTo(200);
    assertThat(result.failures()).isEmpty();
    // the 50th send was scheduled 49 periods of 5 ms after the first: the first cannot have ended earlier
    assertThat(result.latency().getMaxValue()).isGreaterThanOrEqualTo(Duration.ofMillis(245).toNanos() * 999 / 1000);
  }

  @Test
  void theOpenLoopCountsWhatItCouldNotSendAsFailures() throws Exception {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    Workload stuck = new Workload() {
      @Override
      public String name() {
        return "stuck";
      }

      @Override
      public String runOnce(StepTimes steps) throws InterruptedException {
        never.await(5, java.util.concurrent.TimeUnit.SECONDS);
        return null;
      }
    };

    OpenLoopPhase.Result result = OpenLoopPhase.run("stuck", stuck, 20, Duration.ofSeconds(1), 5);
    never.countDown();

    assertThat(result.scheduled()).isEqualTo(20);
    assertThat(result.failures()).containsEntry("not sent: 5 operations in flight", 15L);
  }

  private static List<Purchase> awaitingPayment() {
    return payql.store().findAwaitingPayment(Optional.empty(), 100_000).stream()
        .filter(purchase -> purchase.state() == PurchaseState.AWAITING_PAYMENT).toList();
  }

  private static String status(String key) throws Exception {
    return http.get("/api/invoice/status", Map.of("Authorization", "Bearer " + key)).json().orElseThrow()
        .path("state").asText();
  }
}
