package dev.payql.adapter.http.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * The request latency histogram behind {@code GET /metrics}, and the text that route answers.
 * Labels are the route template, the method, the status and the problem code ({@code none} for an
 * answer without one), never a path, a query string or a key, so their number stays bounded.
 *
 * <p>The histogram has fixed buckets from 5 ms to 60 s (a long poll waits up to 60 s) rather than
 * Micrometer's 70-odd percentile buckets: a dozen per label set keeps a scrape small and still
 * gives p50, p95 and p99 with {@code histogram_quantile}.
 */
final class RequestMetrics {

  /** The Prometheus text exposition format 0.0.4, which every Prometheus version scrapes. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String REQUESTS = "payql.http.server.requests";
  static final String NO_CODE = "none";

  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60)};

  private final PrometheusMeterRegistry registry;

  RequestMetrics(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  MeterRegistry registry() {
    return registry;
  }

  void recordRequest(String method, String route, int status, String code, double millis) {
    Timer.builder(REQUESTS)
        .description("HTTP requests answered, by route template, method, status and problem code")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .tag("code", code == null ? NO_CODE : code)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(Duration.ofNanos(Math.round(millis * 1_000_000)));
  }

  String exposition() {
    return registry.scrape();
  }
}
