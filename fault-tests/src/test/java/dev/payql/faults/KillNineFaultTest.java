package dev.payql.faults;

import dev.payql.adapter.persistence.PostgresTestDatabase;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load: buyers buy, pay and run keys from several threads while the PayQL process is
 * SIGKILLed at a random moment, or right after a {@code /dev/pay} confirmed a payment; it restarts
 * on the same data, the buyers retry every unanswered key and present every key answered before the
 * kill again. At the end no paid key may be lost and no execution doubled (counted by the process
 * itself, {@link ExecutionHistory}). {@code -Dpayql.fault.cycles=N} sets the number of kills (3 in
 * the suite, 200 in {@code scripts/fault-tests}); {@code -Dpayql.fault.seed} replays a run's choices.
 */
class KillNineFaultTest {

  private static final int BUYERS = 4;
  /** A long run writes its figures so far every this many cycles (fault-reports/NAME.interim.txt). */
  private static final int INTERIM_EVERY = 10;

  @TempDir
  Path run;

  @Test
  void onH2_nothingPaidIsLostAndNothingRunsTwice() {
    killRepeatedly("kill9-h2", "kill -9 on H2 (the embedded default)", Optional.empty());
  }

  @Test
  void onPostgres_nothingPaidIsLostAndNothingRunsTwice() {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      killRepeatedly("kill9-postgres", "kill -9 on PostgreSQL", Optional.of(database.jdbcUrl()));
    }
  }

  private void killRepeatedly(String name, String title, Optional<String> store) {
    int cycles = Integer.getInteger("payql.fault.cycles", 3);
    long seed = Long.getLong("payql.fault.seed", System.nanoTime());
    Random random = new Random(seed);
    Path executionLog = run.resolve("executions.log");
    PayqlProcess.Launch launch = PayqlProcess.Launch.of(run.resolve("data"), executionLog, run.resolve("logs"))
        .withStore(store);
    Workload workload = new Workload();
    FaultReport report = new FaultReport(name, title + ", " + cycles + " cycles");
    AtomicReference<Shop> shop = new AtomicReference<>();
    int randomKills = 0;
    int killsAfterPay = 0;
    try (HttpClient http = Shop.client()) {
      for (int cycle = 1; cycle <= cycles; cycle++) {
        PayqlProcess payql = startOrReport(launch, report, "after kill " + (cycle - 1));
        if (payql == null) {
          break;
        }
        shop.set(new Shop(http, payql.baseUrl(), workload.tally()));
        workload.checkReplaysOfRecentAnswers();
        // every other cycle the kill lands right after a payment was confirmed, the rest anywhere
        boolean afterPay = cycle % 2 == 0;
        if (killUnderLoad(payql, workload, shop, random, afterPay)) {
          killsAfterPay++;
        } else {
          randomKills++;
        }
        if (cycle % INTERIM_EVERY == 0 && cycle < cycles) {
          new FaultReport(name, title + ", after " + cycle + " of " + cycles + " cycles (interim: keys still open are"
              + " not judged yet)").figure("cycles", cycle).figure("kills", randomKills + killsAfterPay)
              .figure("right after /dev/pay", killsAfterPay).outcomes(workload, ExecutionHistory.read(executionLog))
              .publishInterim();
        }
      }
      PayqlProcess last = startOrReport(launch, report, "after the last kill");
      if (last != null) {
        shop.set(new Shop(http, last.baseUrl(), workload.tally()));
        workload.checkEveryReplay();
        workload.finish(shop::get, BUYERS, Workload.finishingGuard());
        last.stop();
      } else {
        workload.giveUp("PayQL did not start again");
      }
    }
    report.figure("cycles", cycles).figure("kills", randomKills + killsAfterPay).figure("right after /dev/pay", killsAfterPay);
    report.outcomes(workload, ExecutionHistory.read(executionLog))
        .note("seed " + seed + " (-Dpayql.fault.seed=" + seed + " replays the kill timing)")
        .publishAndAssertNoAnomalies();
  }

  /**
   * Runs the buyers until the process is killed: after a random moment, or (if {@code afterPay})
   * right after the first {@code /dev/pay} confirmed once the kill is armed. Returns whether the kill
   * was the one after a payment.
   */
  private static boolean killUnderLoad(PayqlProcess payql, Workload workload, AtomicReference<Shop> shop, Random random,
      boolean afterPay) {
    AtomicBoolean killed = new AtomicBoolean();
    AtomicBoolean over = new AtomicBoolean();
    AtomicBoolean armed = new AtomicBoolean();
    AtomicInteger killedAfterPay = new AtomicInteger();
    Duration delay = Duration.ofMillis(200 + random.nextInt(afterPay ? 1_300 : 2_300));
    workload.onPayConfirmed(sale -> {
      if (armed.get() && killed.compareAndSet(false, true)) {
        sale.killedRightAfterPay = true;
        payql.kill9();
        killedAfterPay.incrementAndGet();
        over.set(true);
      }
    });
    Thread killer = Thread.ofPlatform().name("killer").start(() -> {
      PayqlProcess.sleep(delay);
      if (afterPay) {
        armed.set(true);
        // a guard in case no payment is confirmed (the buyers only retry): kill anyway
        for (int waited = 0; waited < 300 && !killed.get(); waited++) {
          PayqlProcess.sleep(Duration.ofMillis(100));
        }
      }
      if (killed.compareAndSet(false, true)) {
        payql.kill9();
        over.set(true);
      }
    });
    workload.run(shop::get, BUYERS, over::get, true);
    try {
      killer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workload.onPayConfirmed(sale -> { });
    return killedAfterPay.get() > 0;
  }

  private static PayqlProcess startOrReport(PayqlProcess.Launch launch, FaultReport report, String when) {
    try {
      return PayqlProcess.start(launch);
    } catch (PayqlProcess.PayqlDidNotStart e) {
      report.anomaly("PayQL did not start", when + ": " + e.getMessage());
      return null;
    }
  }
}
