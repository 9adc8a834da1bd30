package dev.payql.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clock skew: two PayQL processes on one PostgreSQL, the second one's wall clock set an hour apart
 * with libfaketime, an hour being far more than the execution lease. The first executes a paid key
 * slowly (a test-only delay before the real execution) and is SIGKILLed in the middle of it. Asked
 * for the same key while the first one's lease is live, the second must answer 409
 * {@code redemption_in_progress} rather than run it; once the lease has lapsed it must run it,
 * rather than leave the key stuck. Either way the key is served exactly once.
 */
class ClockSkewFaultTest {

  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(13);
  /**
   * Shorter than the execution time-out, as any real execution is, and long enough for the other
   * instance to be asked and the first one killed before it ends, on a loaded machine.
   */
  private static final Duration SLOW_EXECUTION = Duration.ofSeconds(12);
  private static final Duration SKEW = Duration.ofHours(1);
  /** How long the surviving instance gets to take the key over: six leases, for a loaded machine. */
  private static final Duration TAKE_OVER_GUARD = LEASE.multipliedBy(6);
  /** A try where the slow execution ended before the kill tested nothing, and is made again. */
  private static final int TRIES = 3;

  @TempDir
  Path run;

  @Test
  void anInstanceWhoseClockIsAnHourAhead_neitherStealsALiveLeaseNorLeavesTheKeyStuck() {
    skewedPair("clock-skew-ahead", SKEW);
  }

  @Test
  void anInstanceWhoseClockIsAnHourBehind_neitherStealsALiveLeaseNorLeavesTheKeyStuck() {
    skewedPair("clock-skew-behind", SKEW.negated());
  }

  private void skewedPair(String name, Duration skew) {
    Path executionLog = run.resolve("executions.log");
    Workload workload = new Workload();
    FaultReport report = new FaultReport(name, "Clock skew: two instances on PostgreSQL, the second one's clock "
        + (skew.isNegative() ? "behind" : "ahead") + " by " + skew.abs().toMinutes() + " min, lease "
        + LEASE.toSeconds() + " s; the first killed mid-execution");
    List<Long> secondClocks = new ArrayList<>();
    int refusedWhileLive = 0;
    boolean killedMidExecution = false;
    try (PostgresTestDatabase database = PostgresTestDatabase.create(); HttpClient http = Shop.client()) {
      FakeClock fake = FakeClock.offsetBy(skew);
      for (int key = 1; key <= TRIES && !killedMidExecution; key++) {
        PayqlProcess first = PayqlProcess.start(launch("first-" + key, executionLog, database)
            .withExecutionDelay(SLOW_EXECUTION));
        Instant secondLaunched = Instant.now();
        PayqlProcess second = PayqlProcess.start(launch("second-" + key, executionLog, database).withClock(fake));
        try {
          secondClocks.add(ExecutionHistory.read(executionLog).startClockOf(second.pid()).orElseThrow()
              - secondLaunched.toEpochMilli());
          Shop firstShop = new Shop(http, first.baseUrl(), workload.tally());
          Shop secondShop = new Shop(http, second.baseUrl(), workload.tally());
          // one whole purchase run by the second instance first, so that its JVM answers the
          // redemption that matters promptly, on a loaded machine too
          Sale warmUp = workload.buyAndPay(firstShop);
          awaitPaid(firstShop, warmUp);
          workload.runOnce(secondShop, warmUp);
          Sale sale = workload.buyAndPay(firstShop);
          awaitPaid(firstShop, sale);

          Thread executing = Thread.ofPlatform().name("slow-execution").start(() -> {
            try {
              workload.runOnce(firstShop, sale);
            } catch (IOException cutShort) {
              workload.tally().unanswered();
            }
          });
          long begun = awaitExecutionBegun(executionLog, sale, first.pid());
          CompletableFuture<Shop.Answer> whileLive = CompletableFuture.supplyAsync(() -> {
            try {
              return workload.runOnce(secondShop, sale);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
          // the kill comes once the second instance has answered, or has begun executing the key
          // itself (the log then shows both executions at once), and before the slow one can end
          long killBy = begun + SLOW_EXECUTION.minusSeconds(3).toNanos();
          while (!whileLive.isDone() && System.nanoTime() < killBy
              && ExecutionHistory.read(executionLog).of(sale.fingerprint).stream().noneMatch(e -> e.pid() == second.pid())) {
            PayqlProcess.sleep(Duration.ofMillis(20));
          }
          first.kill9();
          join(executing);
          Shop.Answer answer = whileLive.join();
          if (answer.status() == 409 && answer.code().equals("redemption_in_progress")) {
            refusedWhileLive++;
          } else {
            report.anomaly("lease stolen (the other instance ran a key whose executor was alive)", "sale "
                + sale.number + ": " + answer.status() + " " + answer.code());
          }
          killedMidExecution = ExecutionHistory.read(executionLog).of(sale.fingerprint).stream()
              .anyMatch(e -> e.pid() == first.pid() && e.outcome().equals("cut short"));
          if (!killedMidExecution) {
            report.note("try " + key + ": the slow execution ended before the kill (a loaded machine); tried again");
          }

          long deadline = System.nanoTime() + TAKE_OVER_GUARD.toNanos();
          while (sale.stage == Sale.Stage.PAID && System.nanoTime() < deadline) {
            workload.runOnce(secondShop, sale);
            PayqlProcess.sleep(Duration.ofMillis(500));
          }
          if (sale.stage == Sale.Stage.PAID) {
            report.anomaly("key stuck (its executor died, and the other instance would not run it)", "sale "
                + sale.number + ": still " + sale.lastOutcome + " " + TAKE_OVER_GUARD.toSeconds()
                + " s after the kill (lease " + LEASE.toSeconds() + " s)");
            sale.lost("stuck: never answered after its executor died");
          }
          workload.checkEveryReplay();
          workload.finish(() -> secondShop, 1, Duration.ofSeconds(30));
        } catch (IOException e) {
          throw new IllegalStateException("the surviving instance did not answer", e);
        } finally {
          if (first.isAlive()) {
            first.kill9();
          }
          second.stop();
        }
      }
    }
    report.figure("instances", 2)
        .figure("clock offset seen", secondClocks.stream().map(ms -> Duration.ofMillis(ms).toSeconds() + " s").toList())
        .figure("kills mid-execution", killedMidExecution ? 1 : 0)
        .figure("409 while the lease was live", refusedWhileLive)
        .outcomes(workload, ExecutionHistory.read(executionLog))
        .publish();
    assertThat(killedMidExecution).as("the first instance was killed in the middle of its execution, in one of "
        + TRIES + " tries").isTrue();
    // the premise: libfaketime really moved the second JVM's clock (allowing for its start-up time)
    assertThat(secondClocks).allSatisfy(seen -> assertThat(Duration.ofMillis(seen).minus(skew).abs())
        .as("the second JVM's clock offset").isLessThan(Duration.ofMinutes(3)));
    report.assertNoAnomalies();
  }

  private PayqlProcess.Launch launch(String instance, Path executionLog, PostgresTestDatabase database) {
    return PayqlProcess.Launch.of(run.resolve(instance), executionLog, run.resolve("logs"))
        .withStore(java.util.Optional.of(database.jdbcUrl()))
        .withSetting("PAYQL_EXECUTION_LEASE", LEASE.toSeconds() + "s")
        .withSetting("PAYQL_EXECUTION_TIMEOUT", EXECUTION_TIMEOUT.toSeconds() + "s");
  }

  private static void awaitPaid(Shop shop, Sale sale) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (shop.status(sale.apikey).json().path("state").asText().equals("paid")) {
        return;
      }
      PayqlProcess.sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException("the first instance never recorded the payment of sale " + sale.number);
  }

  /** Waits for the execution to begin; returns when it was seen ({@link System#nanoTime()}). */
  private static long awaitExecutionBegun(Path executionLog, Sale sale, long pid) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (ExecutionHistory.read(executionLog).of(sale.fingerprint).stream().anyMatch(e -> e.pid() == pid)) {
        return System.nanoTime();
      }
      PayqlProcess.sleep(Duration.ofMillis(20));
    }
    throw new IllegalStateException("the first instance never began executing sale " + sale.number);
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
