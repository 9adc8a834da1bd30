package dev.payql.app.e2e;

import dev.payql.domain.request.GraphQLRequest;
import dev.payql.domain.request.RequestFingerprint;
import dev.payql.ports.out.query.ExecutionOutcome;
import dev.payql.ports.out.query.ForwardedHeaders;
import dev.payql.ports.out.query.Inspection;
import dev.payql.ports.out.query.QueryEngine;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps the real engine to count executions on the server side, and to make them fail or hold
 * them, so tests can see "exactly once" and the in-progress and failed rows of the contract.
 */
public final class WatchedEngine implements QueryEngine {

  private final QueryEngine real;
  private final AtomicInteger executions = new AtomicInteger();
  private final Map<RequestFingerprint, AtomicInteger> perRequest = new ConcurrentHashMap<>();
  private volatile boolean failing;
  /** The hold the next execution takes; only that one execution waits on it. */
  private final AtomicReference<CountDownLatch> nextHold = new AtomicReference<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(0);

  public WatchedEngine(QueryEngine real) {
    this.real = real;
  }

  @Override
  public Inspection inspect(GraphQLRequest request) {
    return real.inspect(request);
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request) {
    return execute(request, ForwardedHeaders.none());
  }

  /** A decorator passes the buyer's headers the real engine asked for on to it. */
  @Override
  public Set<String> forwardedHeaderNames() {
    return real.forwardedHeaderNames();
  }

  @Override
  public ExecutionOutcome execute(GraphQLRequest request, ForwardedHeaders headers) {
    executions.incrementAndGet();
    perRequest.computeIfAbsent(request.fingerprint(), f -> new AtomicInteger()).incrementAndGet();
    CountDownLatch myHold = nextHold.getAndSet(null);
    entered.countDown();
    if (myHold != null) {
      try {
        if (!myHold.await(60, TimeUnit.SECONDS)) {
          throw new AssertionError("an execution was held for over a minute");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failing) {
      return new ExecutionOutcome.Failed(
          "{\"errors\":[{\"message\":\"the market data source is down\"}],\"data\":null}".getBytes(StandardCharsets.UTF_8));
    }
    return real.execute(request, headers);
  }

  public int executions() {
    return executions.get();
  }

  /** How many times each distinct request ran. */
  public Map<RequestFingerprint, Integer> executionsPerRequest() {
    Map<RequestFingerprint, Integer> counts = new java.util.HashMap<>();
    perRequest.forEach((fingerprint, count) -> counts.put(fingerprint, count.get()));
    return counts;
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Makes the next execution wait until {@link #release()}; returns a latch that opens when it has started. */
  public CountDownLatch holdNext() {
    hold = new CountDownLatch(1);
    entered = new CountDownLatch(1);
    nextHold.set(hold);
    return entered;
  }

  public void release() {
    hold.countDown();
  }
}
