package dev.payql.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload with a number of concurrent clients (virtual threads, one operation at a time
 * each, so this is a closed system: throughput and latency are two faces of the same run) until
 * the phase's time is up or its operation budget is spent. Operations that started before the end
 * are finished and counted; none starts after it.
 */
final class LoadPhase {

  /** How long past its end a phase waits for operations still in flight (each request has 30 s). */
  private static final Duration GRACE = Duration.ofSeconds(100);

  private LoadPhase() {}

  /** What one phase measured. Latencies cover successful and failed operations alike. */
  record Result(String name, int clients, long operations, long elapsedNanos, Histogram latency,
      Map<String, Histogram> steps, Map<String, Long> failures) {

    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    double throughput() {
      return operations / (elapsedNanos / 1e9);
    }

    /** Several rounds of one workload as one result: operations, time, latencies and failures added up. */
    static Result combine(String name, List<Result> rounds) {
      Histogram latency = LatencyHistograms.create();
      Map<String, Histogram> steps = new LinkedHashMap<>();
      Map<String, Long> failures = new TreeMap<>();
      long operations = 0;
      long elapsed = 0;
      for (Result round : rounds) {
        latency.add(round.latency);
        round.steps.forEach((step, histogram) -> steps.computeIfAbsent(step, any -> LatencyHistograms.create()).add(histogram));
        round.failures.forEach((failure, count) -> failures.merge(failure, count, Long::sum));
        operations += round.operations;
        elapsed += round.elapsedNanos;
      }
      return new Result(name, rounds.getFirst().clients, operations, elapsed, latency, steps, failures);
    }
  }

  static Result run(String name, Workload workload, int clients, Duration length, long maxOperations)
      throws InterruptedException {
    AtomicLong budget = new AtomicLong(maxOperations);
    Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    List<Histogram> latencies = new ArrayList<>();
    List<StepTimes> steps = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    long deadline = started + length.toNanos();
    for (int i = 0; i < clients; i++) {
      Histogram latency = LatencyHistograms.create();
      StepTimes stepTimes = new StepTimes();
      latencies.add(latency);
      steps.add(stepTimes);
      threads.add(Thread.ofVirtual().name("load-client-" + i).start(() -> {
        try {
          while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
            long begun = System.nanoTime();
            String failure;
            try {
              failure = workload.runOnce(stepTimes);
            } catch (RuntimeException e) {
              failure = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            latency.recordValue(Math.max(0, System.nanoTime() - begun));
            if (failure != null) {
              failures.computeIfAbsent(failure, key -> new LongAdder()).increment();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    long waitUntil = deadline + GRACE.toNanos();
    for (Thread thread : threads) {
      long left = waitUntil - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        // a hung client is a failure to report, and its histogram must be still before it is read
        failures.computeIfAbsent("client still busy " + GRACE.toSeconds() + " s after the phase ended",
            key -> new LongAdder()).increment();
        threads.forEach(Thread::interrupt);
        for (Thread stuck : threads) {
          if (!stuck.join(Duration.ofSeconds(10))) {
            throw new IllegalStateException(stuck.getName() + " does not stop even when interrupted");
          }
        }
        break;
      }
    }
    long elapsed = System.nanoTime() - started;

    Histogram latency = LatencyHistograms.create();
    latencies.forEach(latency::add);
    Map<String, Histogram> stepTotals = new LinkedHashMap<>();
    steps.forEach(stepTimes -> stepTimes.addTo(stepTotals));
    Map<String, Long> failureCounts = new TreeMap<>();
    failures.forEach((failure, count) -> failureCounts.put(failure, count.sum()));
    return new Result(name, clients, latency.getTotalCount(), elapsed, latency, stepTotals, failureCounts);
  }

  static String seconds(long nanos) {
    return String.format("%.1f s", nanos / (double) TimeUnit.SECONDS.toNanos(1));
  }
}
