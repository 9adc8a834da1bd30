package dev.payql.benchmarks;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Latency histograms in nanoseconds with three significant digits, growing past a minute if they must. */
final class LatencyHistograms {

  private LatencyHistograms() {}

  static Histogram create() {
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    histogram.setAutoResize(true);
    return histogram;
  }

  /** A percentile in milliseconds. */
  static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1_000_000.0;
  }
}
