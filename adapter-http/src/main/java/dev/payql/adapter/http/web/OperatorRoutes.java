package dev.payql.adapter.http.web;

import dev.payql.ports.in.NodeInfoUseCase;
import dev.payql.ports.out.node.NodeInfo;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node information, health, metrics and the simulated node's payments (DESIGN.md 1.6).
 *
 * <p>Liveness and readiness are apart, as orchestrators probe them: {@code /health/live} says the
 * process answers HTTP (restart it if not) and checks nothing else, so an unreachable node never
 * gets PayQL restarted; {@code /health/ready} says whether PayQL can sell now: every readiness
 * check passes and it is not stopping. {@code /health}, kept for existing monitors, is the same
 * but for the checks of {@link HealthCheck#readinessOnly() readiness only}: while the sample data
 * loads after a first start, PayQL is healthy but not yet ready.
 */
final class OperatorRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRoutes.class);

  /** A health check still running after this counts as down, so /health itself always answers. */
  static final Duration CHECK_DEADLINE = Duration.ofSeconds(2);
  /**
   * A report this fresh is answered again instead of checking anew: /health is free, and a flood
   * of it must not become a flood of node and store calls.
   */
  static final Duration REPORT_REUSE = Duration.ofSeconds(1);

  /** The OpenAPI 3.1 description of these routes, read once. */
  private static final byte[] OPENAPI = openapiDocument();

  private static byte[] openapiDocument() {
    try (var in = OperatorRoutes.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath: the build copies docs/openapi.json");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record Report(boolean up, Map<String, Object> body, long checkedAtNanos) {}

  /** Set once stopping starts: load balancers see not-ready and send new buyers elsewhere. */
  private volatile boolean stopping;

  private final NodeInfoUseCase nodeInfo;
  /** Every check: {@code /health/ready}. */
  private final Checks readiness;
  /** All but the readiness-only checks: {@code /health}. */
  private final Checks health;
  private final Optional<DevPayments> devPayments;
  private final RequestBodies bodies;
  private final RequestMetrics metrics;
  private final ExecutorService checkRunner =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("health-check-", 0).factory());

  OperatorRoutes(NodeInfoUseCase nodeInfo, List<HealthCheck> healthChecks, Optional<DevPayments> devPayments,
      RequestBodies bodies, RequestMetrics metrics) {
    this.nodeInfo = nodeInfo;
    this.readiness = new Checks(healthChecks);
    this.health = new Checks(healthChecks.stream().filter(check -> !check.readinessOnly()).toList());
    this.devPayments = devPayments;
    this.bodies = bodies;
    this.metrics = metrics;
  }

  /** {@code GET /api/node}: where to open a channel to. */
  void node(Context ctx) {
    NodeInfo info = nodeInfo.nodeInfo();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("backend", info.backend());
    body.put("network", info.network());
    body.put("pubkey", info.pubkey());
    body.put("uris", info.uris());
    Responses.json(ctx, 200, body);
  }

  /** {@code GET /health/live}: 200 while the process answers HTTP at all. */
  void live(Context ctx) {
    Responses.json(ctx, 200, Map.of("status", "up"));
  }

  /** {@code GET /health/ready}: 200 when every check passes, 503 otherwise or while stopping. */
  void ready(Context ctx) {
    answer(ctx, readiness);
  }

  /** {@code GET /health}: as {@link #ready} without the checks of readiness only. */
  void health(Context ctx) {
    answer(ctx, health);
  }

  private void answer(Context ctx, Checks checks) {
    if (stopping) {
      Responses.json(ctx, 503, Map.of("status", "stopping", "checks", Map.of()));
      return;
    }
    Report report = checks.report();
    Responses.json(ctx, report.up() ? 200 : 503, report.body());
  }

  /** A set of checks and its last report, reused while fresh. */
  private final class Checks {

    private final List<HealthCheck> list;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Report lastReport;

    Checks(List<HealthCheck> list) {
      this.list = List.copyOf(list);
    }

    Report report() {
      Report report = lastReport;
      if (report == null || System.nanoTime() - report.checkedAtNanos() > REPORT_REUSE.toNanos()) {
        // one caller checks, the others wait for its report (a lock, not synchronized: virtual threads)
        checking.lock();
        try {
          report = lastReport;
          if (report == null || System.nanoTime() - report.checkedAtNanos() > REPORT_REUSE.toNanos()) {
            report = check();
            lastReport = report;
          }
        } finally {
          checking.unlock();
        }
      }
      return report;
    }

    private Report check() {
      List<Future<?>> running = new ArrayList<>();
      for (HealthCheck check : list) {
        running.add(checkRunner.submit(() -> {
          check.check();
          return null;
        }));
      }
      Map<String, String> results = new LinkedHashMap<>();
      long deadline = System.nanoTime() + CHECK_DEADLINE.toNanos();
      boolean allUp = true;
      for (int i = 0; i < list.size(); i++) {
        String name = list.get(i).name();
        boolean up = passed(list.get(i), running.get(i), deadline);
        results.put(name, up ? "up" : "down");
        allUp &= up;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", allUp ? "up" : "down");
      body.put("checks", results);
      return new Report(allUp, body, System.nanoTime());
    }
  }

  private static boolean passed(HealthCheck healthCheck, Future<?> check, long deadline) {
    String name = healthCheck.name();
    try {
      check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      check.cancel(true);
      LOG.warn("health check {} did not answer within {}", name, CHECK_DEADLINE);
      return false;
    } catch (ExecutionException e) {
      if (healthCheck.readinessOnly()) {
        // something PayQL gets ready by itself (and logs its progress): no warning every probe
        LOG.debug("health check {} not passed yet: {}", name, String.valueOf(e.getCause()));
      } else {
        LOG.warn("health check {} failed: {}", name, String.valueOf(e.getCause()));
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** From now on readiness answers 503 {@code stopping}; requests are still served meanwhile. */
  void stopping() {
    stopping = true;
  }

  /** {@code GET /openapi.json}: docs/openapi.json, which the build puts beside this class. */
  void openapi(Context ctx) {
    ctx.status(200).contentType("application/json").result(OPENAPI);
  }

  /** {@code GET /metrics}: Prometheus text format. */
  void metrics(Context ctx) {
    ctx.status(200).contentType(RequestMetrics.CONTENT_TYPE).result(metrics.exposition());
  }

  boolean servesDevPayments() {
    return devPayments.isPresent();
  }

  /** {@code POST /dev/pay {paymentRequest}} → {@code {preimage}}: only with the simulated node. */
  void devPay(Context ctx) {
    String paymentRequest = JsonBodies.requiredText(bodies.json(ctx), "paymentRequest");
    try {
      String preimage = devPayments.orElseThrow().settle(paymentRequest);
      Responses.json(ctx, 200, Map.of("preimage", preimage));
    } catch (DevPayments.Refused refused) {
      throw new ProblemException(Problem.of(400, "payment_refused", "Payment refused", refused.getMessage()));
    }
  }
}
