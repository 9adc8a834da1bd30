package dev.payql.app;

import dev.payql.adapter.http.web.HealthCheck;
import dev.payql.api.marketdata.jdbc.SampleDataLoader;
import dev.payql.domain.purchase.PaymentProof;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.ApiNotReadyException;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.out.query.ForwardedHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample market data loading while PayQL already serves (issue 14): the server listens at
 * once, {@code /health/ready} reports {@code marketData} down until the load completes, and the
 * use cases that would invoice or run a request answer {@link ApiNotReadyException} (503
 * {@code data_loading}) until then. Requests without a key still run when they are free
 * (introspection reads only the schema). A load that fails is tried again after
 * {@link #RETRY_AFTER}.
 */
final class SampleDataLoading implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SampleDataLoading.class);

  /** What a buyer is told to wait, and how long a failed load waits before it is tried again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** Joined this long on close: the market being written is one transaction of about a second. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private volatile boolean ready;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final SampleDataLoader.Pending pending;
  private final Thread loader;

  private SampleDataLoading(boolean ready, SampleDataLoader.Pending pending, Thread loader) {
    this.ready = ready;
    this.pending = pending;
    this.loader = loader;
  }

  /** Nothing to load: the API is ready from the start. */
  static SampleDataLoading none() {
    return new SampleDataLoading(true, null, null);
  }

  /**
   * Finishes {@code pending} on a thread of its own unless it is ready already.
   *
   * @param load wraps the load's remaining work; tests hold it back to see the server before it
   */
  static SampleDataLoading start(SampleDataLoader.Pending pending, UnaryOperator<Runnable> load) {
    if (pending.ready()) {
      return none();
    }
    SampleDataLoading[] self = new SampleDataLoading[1];
    Runnable finish = load.apply(() -> pending.finish());
    Thread thread = Thread.ofPlatform().daemon().name("payql-sample-data").unstarted(() -> self[0].run(finish));
    self[0] = new SampleDataLoading(false, pending, thread);
    thread.start();
    return self[0];
  }

  private void run(Runnable finish) {
    while (stopping.getCount() > 0) {
      try {
        finish.run();
        ready = true;
        loaded.countDown();
        LOG.info("sample market data ready: PayQL sells market queries now");
        return;
      } catch (CancellationException e) {
        return; // stopping: the next start loads again
      } catch (RuntimeException e) {
        LOG.warn("loading the sample market data failed, retrying in {}s: {}", RETRY_AFTER.toSeconds(), e.toString());
        try {
          if (stopping.await(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  boolean ready() {
    return ready;
  }

  /** Waits until {@link #ready()}, at most {@code timeout}; whether it is. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready || loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code marketData} in {@code /health/ready}, not in {@code /health}: loading is no outage. */
  HealthCheck check() {
    return HealthCheck.readinessOnly("marketData", this::requireReady);
  }

  private void requireReady() {
    if (!ready) {
      throw new ApiNotReadyException("the sample market data is still loading", RETRY_AFTER);
    }
  }

  IssueInvoiceUseCase gate(IssueInvoiceUseCase issue) {
    Objects.requireNonNull(issue, "issue");
    return request -> {
      requireReady();
      return issue.issue(request);
    };
  }

  RedeemUseCase gate(RedeemUseCase redeem) {
    Objects.requireNonNull(redeem, "redeem");
    return new RedeemUseCase() {
      @Override
      public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request) {
        requireReady();
        return redeem.redeem(presentedKey, request);
      }

      @Override
      public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request) {
        requireReady();
        return redeem.redeem(proof, request);
      }

      @Override
      public RedemptionOutcome redeem(String presentedKey, GraphQLRequest request, ForwardedHeaders headers) {
        requireReady();
        return redeem.redeem(presentedKey, request, headers);
      }

      @Override
      public RedemptionOutcome redeem(PaymentProof proof, GraphQLRequest request, ForwardedHeaders headers) {
        requireReady();
        return redeem.redeem(proof, request, headers);
      }

      @Override
      public Set<String> forwardedHeaderNames() {
        return redeem.forwardedHeaderNames();
      }

      @Override
      public RedemptionOutcome runWithoutKey(GraphQLRequest request) {
        // free introspection needs only the schema; a paid request goes on to invoicing, gated there
        return redeem.runWithoutKey(request);
      }
    };
  }

  /**
   * Stops a load in progress after the market it writes, before the store closes; the next start
   * loads again. Not by interrupting: an interrupt inside H2's file I/O closes the database file.
   */
  @Override
  public void close() throws InterruptedException {
    stopping.countDown();
    if (loader != null) {
      pending.cancel();
      if (!loader.join(STOP_WAIT)) {
        LOG.warn("the sample data load did not stop within {}s", STOP_WAIT.toSeconds());
      }
    }
  }
}
