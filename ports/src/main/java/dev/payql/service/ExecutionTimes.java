package dev.payql.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How long executions take here, as a moving average of the recent ones, so a client told to come
 * back while a key executes is told "in a moment" rather than "when the lease lapses": the lease
 * is sized for the slowest execution that could ever be, not for the usual one.
 */
final class ExecutionTimes {

  /** Until anything ran: a second, the smallest Retry-After there is. */
  static final Duration UNKNOWN = Duration.ofSeconds(1);
  /** Weight of the newest execution in the average. */
  private static final double NEWEST = 0.2;
  /** The average is a middle; twice it covers most slower ones. */
  private static final long HEADROOM = 2;

  private long averageNanos = -1;

  synchronized void record(Duration took) {
    long nanos = Math.max(0, took.toNanos());
    averageNanos = averageNanos < 0 ? nanos : Math.round(NEWEST * nanos + (1 - NEWEST) * averageNanos);
  }

  /**
   * How long until a retry is likely to find the execution that started at {@code startedAt} done,
   * never past {@code leaseEnd} (then a retry may take the key over), never below {@link #UNKNOWN}.
   */
  Duration retryAfter(Instant startedAt, Instant now, Instant leaseEnd) {
    Duration expected;
    synchronized (this) {
      expected = averageNanos < 0 ? UNKNOWN : Duration.ofNanos(averageNanos * HEADROOM);
    }
    Duration left = expected.minus(Duration.between(startedAt, now));
    Duration untilLeaseEnd = Duration.between(now, leaseEnd);
    Duration retry = left.compareTo(untilLeaseEnd) > 0 ? untilLeaseEnd : left;
    return retry.compareTo(UNKNOWN) < 0 ? UNKNOWN : retry;
  }
}
