package dev.payql.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latencies of the named steps of one client's operations, in nanoseconds; one per client thread. */
final class StepTimes {

  private final Map<String, Histogram> steps = new LinkedHashMap<>();
  private final boolean kept;

  StepTimes() {
    this(true);
  }

  private StepTimes(boolean kept) {
    this.kept = kept;
  }

  /** Step times nobody reads (the open loop times whole operations): recording costs nothing. */
  static StepTimes discarding() {
    return new StepTimes(false);
  }

  void record(String step, long nanos) {
    if (!kept) {
      return;
    }
    steps.computeIfAbsent(step, name -> LatencyHistograms.create()).recordValue(Math.max(0, nanos));
  }

  /** Adds this client's latencies to {@code totals}, step by step. */
  void addTo(Map<String, Histogram> totals) {
    steps.forEach((step, histogram) -> totals.computeIfAbsent(step, name -> LatencyHistograms.create()).add(histogram));
  }
}
