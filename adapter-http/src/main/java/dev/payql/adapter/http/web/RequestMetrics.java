package dev.payql.adapter.http.web;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code GET /metrics} in the Prometheus text exposition format 0.0.4. Written by hand
 * rather than with Micrometer: a handful of counters do not justify a registry and its dependency
 * tree in every embedding host. Labels use route templates and problem codes, never paths or keys,
 * so their number stays bounded.
 */
final class RequestMetrics {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private record RequestLabels(String method, String route, int status, String code) {}

  private final Map<RequestLabels, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<RequestLabels, LongAdder> durationMicros = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

  void recordRequest(String method, String route, int status, String code, double millis) {
    RequestLabels labels = new RequestLabels(method, route, status, code == null ? "" : code);
    requests.computeIfAbsent(labels, l -> new LongAdder()).increment();
    durationMicros.computeIfAbsent(labels, l -> new LongAdder()).add(Math.round(millis * 1000));
  }

  /** Business outcomes: {@code issued}, {@code executed}, {@code failed}, {@code replayed}, {@code free}. */
  void recordOutcome(String outcome) {
    outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
  }

  String exposition() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP payql_http_requests_total HTTP requests answered, by route template, status and problem code.\n");
    out.append("# TYPE payql_http_requests_total counter\n");
    new TreeMap<String, Long>(flatten(requests, false)).forEach((labels, value) ->
        out.append("payql_http_requests_total").append(labels).append(' ').append(value).append('\n'));
    out.append("# HELP payql_http_request_duration_seconds_total Time spent answering HTTP requests.\n");
    out.append("# TYPE payql_http_request_duration_seconds_total counter\n");
    new TreeMap<String, Long>(flatten(durationMicros, true)).forEach((labels, micros) ->
        out.append("payql_http_request_duration_seconds_total").append(labels).append(' ')
            .append(String.format(Locale.ROOT, "%.6f", micros / 1_000_000.0)).append('\n'));
    out.append("# HELP payql_purchases_total Purchase outcomes: issued, executed, failed, replayed, free.\n");
    out.append("# TYPE payql_purchases_total counter\n");
    new TreeMap<>(outcomes).forEach((outcome, value) -> out.append("payql_purchases_total{outcome=\"")
        .append(escape(outcome)).append("\"} ").append(value.sum()).append('\n'));
    return out.toString();
  }

  private static Map<String, Long> flatten(Map<RequestLabels, LongAdder> counters, boolean withoutStatus) {
    Map<String, Long> flat = new TreeMap<>();
    counters.forEach((labels, adder) -> {
      String text = withoutStatus
          ? "{method=\"" + escape(labels.method()) + "\",route=\"" + escape(labels.route()) + "\"}"
          : "{method=\"" + escape(labels.method()) + "\",route=\"" + escape(labels.route()) + "\",status=\""
              + labels.status() + "\",code=\"" + escape(labels.code()) + "\"}";
      flat.merge(text, adder.sum(), Long::sum);
    });
    return flat;
  }

  /** Label values escape backslash, double quote and newline (exposition format 0.0.4). */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
