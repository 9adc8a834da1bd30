package dev.payql.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload open-loop: operations start on a fixed schedule ({@code rate} a second, each
 * on its own virtual thread) whether or not earlier ones have finished, and each latency is counted
 * from the operation's intended start, not from when it was sent. A server that stalls therefore
 * shows its stall in every operation scheduled during it, instead of quietly slowing the clients
 * down as a closed loop does (coordinated omission). Operations beyond {@code maxInFlight} at once
 * are not sent and count as failures: the server did not keep up.
 */
final class OpenLoopPhase {

  private static final Duration GRACE = Duration.ofSeconds(60);

  private OpenLoopPhase() {}

  /**
   * What one open-loop phase measured.
   *
   * @param scheduled operations the schedule held
   * @param completed operations that finished, successfully or not (not the ones never sent)
   * @param elapsedNanos from the first intended start to the last completion
   */
  record Result(String name, int rate, long scheduled, long completed, long elapsedNanos, Histogram latency,
      Map<String, Long> failures) {

    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    double achievedRate() {
      return completed / (elapsedNanos / 1e9);
    }
  }

  static Result run(String name, Workload workload, int rate, Duration length, int maxInFlight)
      throws InterruptedException {
    if (rate < 1) {
      throw new IllegalArgumentException("the rate is at least 1 a second, not " + rate);
    }
    long scheduled = Math.max(1, length.toNanos() * rate / TimeUnit.SECONDS.toNanos(1));
    double period = TimeUnit.SECONDS.toNanos(1) / (double) rate;
    Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    latency.setAutoResize(true);
    Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(maxInFlight);
    CountDownLatch finished = new CountDownLatch((int) scheduled);
    LongAdder completed = new LongAdder();
    long[] lastCompletion = {0};
    long start = System.nanoTime();
    for (long i = 0; i < scheduled; i++) {
      long intended = start + Math.round(i * period);
      for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
        LockSupport.parkNanos(wait); // the schedule itself, not a wait for another thread
      }
      if (!inFlight.tryAcquire()) {
        failures.computeIfAbsent("not sent: " + maxInFlight + " operations in flight", key -> new LongAdder()).increment();
        finished.countDown();
        continue;
      }
      Thread.ofVirtual().name("open-loop-" + i).start(() -> {
        String failure;
        try {
          failure = workload.runOnce(StepTimes.discarding());
        } catch (InterruptedException e) {
          failure = "interrupted";
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failure = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long done = System.nanoTime();
        latency.recordValue(Math.max(0, done - intended));
        if (failure != null) {
          failures.computeIfAbsent(failure, key -> new LongAdder()).increment();
        }
        synchronized (lastCompletion) {
          lastCompletion[0] = Math.max(lastCompletion[0], done);
        }
        completed.increment();
        inFlight.release();
        finished.countDown();
      });
    }
    if (!finished.await(GRACE.toSeconds(), TimeUnit.SECONDS)) {
      failures.computeIfAbsent("still in flight " + GRACE.toSeconds() + " s after the schedule ended",
          key -> new LongAdder()).add(finished.getCount());
    }
    long end;
    synchronized (lastCompletion) {
      end = Math.max(lastCompletion[0], start + 1);
    }
    Map<String, Long> failureCounts = new TreeMap<>();
    failures.forEach((failure, count) -> failureCounts.put(failure, count.sum()));
    Histogram copy = LatencyHistograms.create();
    copy.add(latency);
    return new Result(name, rate, scheduled, completed.sum(), end - start, copy, failureCounts);
  }
}
