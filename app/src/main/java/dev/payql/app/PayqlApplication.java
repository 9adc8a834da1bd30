package dev.payql.app;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.payql.adapter.http.page.GraphiqlPage;
import dev.payql.adapter.http.web.DevPayments;
import dev.payql.adapter.http.web.HealthCheck;
import dev.payql.adapter.http.web.HttpApi;
import dev.payql.adapter.http.web.StandardPayments;
import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.adapter.rates.PolledExchangeRates;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.api.marketdata.MarketDataApi;
import dev.payql.api.marketdata.jdbc.MarketDataTables;
import dev.payql.api.upstream.UpstreamQueryEngine;
import dev.payql.api.upstream.UpstreamSettings;
import dev.payql.app.config.ConfigurationException;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.metrics.MeteredLightningNode;
import dev.payql.app.metrics.MeteredPurchaseStore;
import dev.payql.app.metrics.MeteredUseCases;
import dev.payql.app.metrics.ProcessMetrics;
import dev.payql.app.metrics.StoreCommits;
import dev.payql.engine.graphql.CostFileException;
import dev.payql.engine.graphql.EngineSettings;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.query.QueryEngine;
import dev.payql.ports.out.rates.ExchangeRates;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.service.InvoiceStatusService;
import dev.payql.service.CredentialRootKey;
import dev.payql.service.IssueInvoiceService;
import dev.payql.service.NodeInfoService;
import dev.payql.service.PaymentRecorder;
import dev.payql.service.PaymentSignals;
import dev.payql.service.RedeemService;
import dev.payql.service.RefundReconciler;
import dev.payql.service.RefundService;
import dev.payql.service.SettlementWatcher;
import dev.payql.service.StoreClock;
import dev.payql.service.Sweeper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the adapters the configuration names, wires the use cases to them
 * and runs the background work (settlement stream, reconciliation, sweeping). Closing it stops
 * everything in reverse order.
 */
public final class PayqlApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PayqlApplication.class);
  private static final Duration STREAM_RETRY = Duration.ofSeconds(10);
  /** The protection space the payment challenges name. */
  static final String REALM = "payql";
  /**
   * Added to the node's payment deadline before a refund's failure is believed: JVM pauses, and the
   * clocks of several instances, which judge each other's refunds, drifting apart.
   */
  private static final Duration REFUND_IN_FLIGHT_MARGIN = Duration.ofSeconds(30);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final HttpApi http;
  private final LightningNode node;
  private final PurchaseStore store;
  private final SampleDataLoading sampleData;

  /**
   * What a host or a test may supply instead of what the configuration would build.
   *
   * @param engine wraps the query engine (tests count executions this way)
   * @param node a node to use instead of opening the configured one; the application does not close
   *     it, so several instances in one JVM can share one simulated node
   * @param store wraps the purchase store (tests count the store calls a flood causes this way)
   * @param time the clock to judge leases, lifetimes, replay windows and expiries by instead of the
   *     store's ({@link StoreClock}): for tests that move time by hand, every instance given the same
   * @param api the API being sold instead of the configured one (a host's own schema, see
   *     {@link dev.payql.app.embed.Paywall}); {@code engine} still wraps it
   */
  public record Overrides(UnaryOperator<QueryEngine> engine, Optional<NodeOverride> node,
      UnaryOperator<PurchaseStore> store, Optional<Clock> time, Optional<QueryEngine> api) {

    public static Overrides none() {
      return new Overrides(UnaryOperator.identity(), Optional.empty(), UnaryOperator.identity(), Optional.empty(),
          Optional.empty());
    }

    public Overrides withEngine(UnaryOperator<QueryEngine> decorator) {
      return new Overrides(decorator, node, store, time, api);
    }

    public Overrides withNode(NodeOverride shared) {
      return new Overrides(engine, Optional.of(shared), store, time, api);
    }

    public Overrides withStore(UnaryOperator<PurchaseStore> decorator) {
      return new Overrides(engine, node, decorator, time, api);
    }

    public Overrides withTime(Clock judgedBy) {
      return new Overrides(engine, node, store, Optional.of(judgedBy), api);
    }

    public Overrides withApi(QueryEngine sold) {
      return new Overrides(engine, node, store, time, Optional.of(sold));
    }
  }

  /** A node supplied from outside, with the name of its settlement cursor and its dev payments if any. */
  public record NodeOverride(LightningNode node, String stream,
      Optional<DevPayments> devPayments) {

    /** A simulated node shared by several instances, with its {@code /dev/pay}. */
    public static NodeOverride simulated(SimulatedNode node) {
      return new NodeOverride(node, "simulated", Optional.of(NodeConnection.devPayments(node)));
    }
  }

  /**
   * @param clock this machine's clock, for what is local to it: the simulated node's invoices and
   *     the timestamp of the configured exchange rate. Time that instances must agree on is the
   *     store's ({@link StoreClock}), unless {@code overrides} give a clock for it.
   */
  /** Who serves PayQL's HTTP contract: a Jetty of PayQL's own on the configured port, or a host's container. */
  private enum Serving { OWN_PORT, HOSTS_CONTAINER }

  private PayqlApplication(PayqlConfig config, Clock clock, Overrides overrides, Serving serving,
      UnaryOperator<Runnable> sampleDataLoad) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new ConfigurationException("cannot create the data directory " + config.dataDir() + ": " + e.getMessage());
    }
    try {
      ProcessMetrics metrics = new ProcessMetrics();
      resources.push(metrics);
      MeterRegistry registry = metrics.registry();
      NodeConnection connection = overrides.node()
          // a node from outside: assume it takes as long to pay as a configured one may
          .map(shared -> new NodeConnection(shared.node(), () -> { }, shared.stream(), shared.devPayments(),
              config.refunds().paymentTimeout()))
          .orElseGet(() -> NodeConnection.open(config.node(), config.refunds().paymentTimeout(), config.dataDir(), clock));
      resources.push(connection.closer());
      this.node = new MeteredLightningNode(connection.node(), registry);

      // proxy mode sells the upstream's API: the market tables are neither made nor filled
      boolean sellsMarketData = config.upstream().isEmpty() && overrides.api().isEmpty();
      Persistence persistence = Persistence.open(sellsMarketData
          ? MarketDataTables.migratedWith(persistenceConfig(config)) : persistenceConfig(config));
      resources.push(persistence);
      persistence.trackPool(new MicrometerMetricsTrackerFactory(registry));
      persistence.trackCommitGroups(StoreCommits.summary(registry)::record);
      MarketDataTables marketData = MarketDataTables.in(persistence, Clock.systemUTC());
      // the claim is quick and decided before serving; the candles load while PayQL already answers
      this.sampleData = sellsMarketData && config.store().loadSampleData()
          ? SampleDataLoading.start(marketData.beginSampleDataLoad(), sampleDataLoad)
          : SampleDataLoading.none();
      SampleDataLoading sampleData = this.sampleData;
      resources.push(sampleData);
      this.store = overrides.store().apply(new MeteredPurchaseStore(persistence.store(), registry, clock));
      ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable ->
          Thread.ofPlatform().daemon().name("payql-background").unstarted(runnable));
      resources.push(() -> {
        background.shutdownNow();
        background.awaitTermination(5, TimeUnit.SECONDS);
      });
      Clock time = overrides.time().orElseGet(() -> storeClock(store, background));

      QueryEngine engine = overrides.engine().apply(overrides.api().isPresent() ? overrides.api().get()
          : apiSold(config, marketData, background));
      PaymentSignals signals = new PaymentSignals();
      PaymentRecorder payments = new PaymentRecorder(store, node, config.redemption(), signals);

      SettlementWatcher watcher = new SettlementWatcher(node, store, payments, connection.stream(), Duration.ofMillis(200));
      resources.push(watcher);
      // the stream first, then the reconciliation: a payment made in between is seen by one of them
      background.execute(() -> startWatching(watcher, background));
      background.execute(watcher::reconcile);
      // refunds left in flight by a timeout or a stop: on start, then periodically
      RefundReconciler refunds = new RefundReconciler(store, node, time,
          connection.paymentDeadline().plus(REFUND_IN_FLIGHT_MARGIN));
      long refundMillis = Math.max(1, config.refunds().reconcileInterval().toMillis());
      background.scheduleWithFixedDelay(() -> reconcileRefunds(refunds), 0, refundMillis, TimeUnit.MILLISECONDS);
      Sweeper sweeper = new Sweeper(store, time, config.sweepBatch());
      long sweepMillis = Math.max(1, config.sweepInterval().toMillis());
      background.scheduleWithFixedDelay(() -> sweep(sweeper), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);

      ExchangeRates rates = exchangeRates(config.rates(), clock);

      this.http = new HttpApi(config.server(),
          sampleData.gate(new IssueInvoiceService(engine, node, store, rates, config.pricing(),
              config.invoiceExpiry(), new SecureRandom())),
          sampleData.gate(MeteredUseCases.redemptions(
              new RedeemService(store, engine, payments, config.redemption(), time), registry)),
          new InvoiceStatusService(store, payments, time, InvoiceStatusService.DEFAULT_RECHECK_INTERVAL),
          MeteredUseCases.refunds(new RefundService(store, node, config.refunds().feeLimit(), time), registry),
          new NodeInfoService(node, clock, NodeInfoService.DEFAULT_REFRESH_AFTER),
          readinessChecks(persistence, sampleData),
          connection.devPayments(),
          GraphiqlPage::install,
          standardPayments(config, persistence, time),
          metrics.registry());
      resources.push(http);
      // closed before the server stops: waiting long polls answer the state they know, then it stops
      resources.push(signals);
      if (serving == Serving.OWN_PORT) {
        http.start();
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The root key of the L402, Payment and x402 credentials: sealed in the store under the
   * operator's secret, or under one kept in the data directory when the store is the embedded H2
   * file beside it. A shared store without a configured secret gets an instance-local key, since
   * instances making their own secrets would each fail to unseal the others' key (ADR 0028).
   */
  private static StandardPayments standardPayments(PayqlConfig config, Persistence persistence, Clock time) {
    Duration keyLifetime = config.redemption().keyLifetime();
    SecureRandom random = new SecureRandom();
    if (config.credentialsSecret().isPresent()) {
      byte[] secret = config.credentialsSecret().get().value().getBytes(StandardCharsets.UTF_8);
      return StandardPayments.of(CredentialRootKey.load(persistence.rootKeys(), secret, random), REALM, keyLifetime,
          time);
    }
    if (config.store().jdbcUrl().isEmpty()) {
      byte[] secret = CredentialsSecretFile.readOrCreate(config.dataDir(), random);
      return StandardPayments.of(CredentialRootKey.load(persistence.rootKeys(), secret, random), REALM, keyLifetime,
          time);
    }
    LOG.warn("PAYQL_CREDENTIALS_SECRET is not set and the store is not the embedded one: L402, Payment and x402 "
        + "credentials are signed with a key of this process's own and work only here until it stops; set the same "
        + "secret on every instance to share one key through the store");
    return StandardPayments.ephemeral(REALM, keyLifetime, time);
  }

  /**
   * What {@code /health/ready} waits for: the node and the store answering, and on a first start
   * the sample market data loaded (that one is not part of {@code /health}).
   */
  private List<HealthCheck> readinessChecks(Persistence persistence, SampleDataLoading sampleData) {
    List<HealthCheck> checks = List.of(HealthCheck.of("node", node::info), HealthCheck.of("store", () -> {
      if (!persistence.isReachable()) {
        throw new IllegalStateException("the store does not answer");
      }
    }));
    // marketData is reported while it matters: a start that loads the sample data
    return sampleData.ready() ? checks
        : Stream.concat(checks.stream(), Stream.of(sampleData.check())).toList();
  }

  /**
   * The API being sold: the upstream's in proxy mode (its schema read before PayQL serves, then
   * refreshed on its interval), otherwise the bundled market data.
   */
  private static QueryEngine apiSold(PayqlConfig config, MarketDataTables marketData,
      ScheduledExecutorService background) {
    EngineSettings engine = EngineSettings.defaults().withExecutionTimeout(config.executionTimeout());
    try {
      if (config.upstream().isEmpty()) {
        return MarketDataApi.engine(marketData.data(), engine, config.costFile());
      }
      UpstreamSettings upstream = config.upstream().get();
      UpstreamQueryEngine proxy = UpstreamQueryEngine.start(upstream, engine, config.costFile());
      long every = upstream.refreshInterval().toMillis();
      background.scheduleWithFixedDelay(proxy::refresh, every, every, TimeUnit.MILLISECONDS);
      return proxy;
    } catch (CostFileException e) {
      // the file names a type or field the schema sold does not have
      throw new ConfigurationException(PayqlConfig.COST_FILE_SETTING + ": " + e.getMessage());
    }
  }

  /** Starts PayQL as configured: this machine's clock for what is local, the store's for the rest. */
  public static PayqlApplication start(PayqlConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(PayqlConfig)}, with {@code clock} as this machine's clock (however wrong it is). */
  public static PayqlApplication start(PayqlConfig config, Clock clock) {
    return start(config, clock, Overrides.none());
  }

  public static PayqlApplication start(PayqlConfig config, Clock clock, Overrides overrides) {
    return new PayqlApplication(config, clock, overrides, Serving.OWN_PORT, UnaryOperator.identity());
  }

  /**
   * As {@link #start(PayqlConfig, Clock, Overrides)}, everything running but the listening: a host's
   * servlet container serves {@link #servlet()} (ADR 0039).
   */
  public static PayqlApplication startMounted(PayqlConfig config, Clock clock, Overrides overrides) {
    return new PayqlApplication(config, clock, overrides, Serving.HOSTS_CONTAINER, UnaryOperator.identity());
  }

  /**
   * As {@link #start(PayqlConfig, Clock, Overrides)}, the sample data's background load wrapped by
   * {@code sampleDataLoad}: tests hold it back to see what PayQL answers before the data is there.
   */
  static PayqlApplication start(PayqlConfig config, Clock clock, Overrides overrides,
      UnaryOperator<Runnable> sampleDataLoad) {
    return new PayqlApplication(config, clock, overrides, Serving.OWN_PORT, sampleDataLoad);
  }

  /** Whether the API sold has its data: false only while the sample data loads after a first start. */
  public boolean dataReady() {
    return sampleData.ready();
  }

  /** Waits at most {@code timeout} until {@link #dataReady()}; whether it is. */
  public boolean awaitDataReady(Duration timeout) throws InterruptedException {
    return sampleData.awaitReady(timeout);
  }

  /**
   * Replaces the market data in the configured store with the operator's CSV files (format in
   * docs/market-data.md), in one transaction: a bad line imports nothing.
   */
  public static String importMarketData(PayqlConfig config, java.nio.file.Path directory) {
    // replacing the whole data set is one long transaction: statements get minutes, not seconds
    PersistenceConfig importing = MarketDataTables.migratedWith(persistenceConfig(config))
        .withTimeouts(PersistenceConfig.DEFAULT_CONNECTION_TIMEOUT, Duration.ofMinutes(30));
    try (Persistence persistence = Persistence.open(importing)) {
      var summary = MarketDataTables.in(persistence, Clock.systemUTC()).importer().importDirectory(directory);
      return summary.assets() + " assets, " + summary.exchanges() + " exchanges, " + summary.markets() + " markets, "
          + summary.candles() + " candles imported from " + directory;
    }
  }

  /** The HTTP port, the one chosen when the configuration said 0. */
  public int port() {
    return http.port();
  }

  /** PayQL's HTTP contract for the host's container, when started by {@link #startMounted}. */
  public HttpServlet servlet() {
    return http.servlet();
  }

  public LightningNode node() {
    return node;
  }

  public PurchaseStore store() {
    return store;
  }

  /** The fixed rate, or the public tickers polled until the application closes. */
  private ExchangeRates exchangeRates(PayqlConfig.Rates rates, Clock clock) {
    if (rates.live().isEmpty()) {
      return new FixedExchangeRates(rates.fixedUsdPerBtc(), clock);
    }
    PolledExchangeRates polled = PolledExchangeRates.start(rates.live().get(), clock);
    resources.push(polled);
    return polled;
  }

  private static PersistenceConfig persistenceConfig(PayqlConfig config) {
    PayqlConfig.Store store = config.store();
    PersistenceConfig base = store.jdbcUrl()
        // with a URL, an unset user stays unset so a user named in the URL itself applies
        .map(url -> PersistenceConfig.of(url, store.user().orElse(""), store.password().orElse("")))
        .orElseGet(() -> PersistenceConfig.h2(config.dataDir()));
    return base.withPoolSize(store.poolSize());
  }

  /**
   * The store's clock, read again every {@link StoreClock#SYNC_INTERVAL}; a reading that fails (the
   * store is down) leaves it counting on from the last one, and the next interval tries again.
   */
  private static StoreClock storeClock(PurchaseStore store, ScheduledExecutorService background) {
    StoreClock clock = StoreClock.of(store);
    long every = StoreClock.SYNC_INTERVAL.toMillis();
    background.scheduleWithFixedDelay(() -> {
      try {
        clock.synchronize();
      } catch (RuntimeException e) {
        LOG.warn("cannot read the store's clock, counting on from the last reading: {}", e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return clock;
  }

  private static void startWatching(SettlementWatcher watcher, ScheduledExecutorService background) {
    try {
      watcher.start();
    } catch (RuntimeException e) {
      // the node may come up after PayQL; until then redemptions ask the node directly
      LOG.warn("cannot follow the node's settlements yet ({}); retrying in {}s", e.getMessage(), STREAM_RETRY.toSeconds());
      background.schedule(() -> startWatching(watcher, background), STREAM_RETRY.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static void reconcileRefunds(RefundReconciler refunds) {
    try {
      refunds.reconcile();
    } catch (RuntimeException e) {
      // the store is unreachable, say: the next run goes on where this one stopped
      LOG.warn("refund reconciliation failed, will retry: {}", e.toString());
    }
  }

  private static void sweep(Sweeper sweeper) {
    try {
      int changed;
      do {
        changed = sweeper.sweepOnce();
      } while (changed > 0 && !Thread.currentThread().isInterrupted());
    } catch (RuntimeException e) {
      LOG.warn("sweeping failed, will retry: {}", e.toString());
    }
  }

  /**
   * Stops in reverse order of start: long polls answer what they know, the HTTP server stops taking
   * requests and lets those in flight finish, then the background work, the store and the node close.
   */
  @Override
  public void close() {
    boolean started = http != null;
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    if (started) {
      LOG.info("PayQL stopped");
    }
  }
}
