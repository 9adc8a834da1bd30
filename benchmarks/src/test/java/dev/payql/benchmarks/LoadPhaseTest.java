package dev.payql.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load driver's phases count every operation, keep every failure, and stop at their budget. */
class LoadPhaseTest {

  @Test
  void everyFailureIsCountedByKindAndNoneIsHidden() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Workload everyThirdFails = new Workload() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public String runOnce(StepTimes steps) {
        steps.record("only step", 1_000);
        return calls.incrementAndGet() % 3 == 0 ? "graphql: 402 payment_pending" : null;
      }
    };

    // a long phase that its operation budget ends
    LoadPhase.Result result = LoadPhase.run("test", everyThirdFails, 3, Duration.ofMinutes(5), 30);

    assertThat(result.operations()).isEqualTo(30);
    assertThat(result.failures()).containsExactly(java.util.Map.entry("graphql: 402 payment_pending", 10L));
    assertThat(result.failed()).isEqualTo(10);
    assertThat(result.steps().get("only step").getTotalCount()).isEqualTo(30);
  }

  @Test
  void aWorkloadThatThrowsIsAFailureNotACrash() throws InterruptedException {
    Workload broken = new Workload() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public String runOnce(StepTimes steps) {
        throw new IllegalStateException("boom");
      }
    };

    LoadPhase.Result result = LoadPhase.run("broken", broken, 2, Duration.ofMinutes(5), 4);

    assertThat(result.operations()).isEqualTo(4);
    assertThat(result.failures()).containsEntry("unexpected IllegalStateException: boom", 4L);
  }
}
