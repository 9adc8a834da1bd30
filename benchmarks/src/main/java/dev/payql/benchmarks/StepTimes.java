package dev.payql.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latencies of the named steps of one client's operations, in nanoseconds; one per client thread. */
final class StepTimes {

  private final Map<String, Histogram> steps = new LinkedHashMap<>();

  void record(String step, long nanos) {
    steps.computeIfAbsent(step, name -> LatencyHistograms.create()).recordValue(Math.max(0, nanos));
  }

  /** Adds this client's latencies to {@code totals}, step by step. */
  void addTo(Map<String, Histogram> totals) {
    steps.forEach((step, histogram) -> totals.computeIfAbsent(step, name -> LatencyHistograms.create()).add(histogram));
  }
}
