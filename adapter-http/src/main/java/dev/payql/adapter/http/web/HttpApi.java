package dev.payql.adapter.http.web;

import dev.payql.ports.in.ApiNotReadyException;
import dev.payql.ports.in.InvoiceStatusUseCase;
import dev.payql.ports.in.IssueInvoiceUseCase;
import dev.payql.ports.in.NodeInfoUseCase;
import dev.payql.ports.in.RedeemUseCase;
import dev.payql.ports.in.RefundUseCase;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.domain.purchase.RedemptionPolicy;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PayQL's HTTP contract (DESIGN.md sections 1.2 to 1.6) on Javalin with virtual threads. Configured
 * once, here: routes, CORS, limits, the mapping of every exception to a problem answer, and one log
 * line per request (method, path, status, problem code, duration; never a header or a key).
 *
 * <p>Pages beside the API (the GraphiQL page: {@code GraphiqlPage::install}) are added with the
 * constructor's {@code pages} argument, which runs inside Javalin's one configuration step.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final Logger REQUESTS = LoggerFactory.getLogger("dev.payql.http.requests");

  /** How long clients are told to wait when the node or the store is unreachable. */
  static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);
  /** A node refusing PayQL's credentials stays refused until the operator acts: ask for patience. */
  static final Duration ACCESS_DENIED_RETRY_AFTER = Duration.ofSeconds(60);
  /** Logged (never sent) when the client closed the connection before its answer: nginx's 499. */
  static final int CLIENT_CLOSED_REQUEST = 499;

  private final HttpSettings settings;
  private final Javalin javalin;
  private final RequestMetrics metrics;
  private final OperatorRoutes operator;
  private volatile boolean listening;

  public HttpApi(HttpSettings settings, IssueInvoiceUseCase issueInvoice, RedeemUseCase redeem,
      InvoiceStatusUseCase invoiceStatus, RefundUseCase refund, NodeInfoUseCase nodeInfo,
      List<HealthCheck> healthChecks, Optional<DevPayments> devPayments) {
    this(settings, issueInvoice, redeem, invoiceStatus, refund, nodeInfo, healthChecks, devPayments, config -> { });
  }

  /**
   * With credentials of the standard schemes signed by a key of this process's own
   * ({@link StandardPayments#ephemeral}): they do not outlive it; and a
   * meter registry of its own, which only this API's requests feed.
   *
   * @param pages more configuration applied after the API's own, for example
   *     {@code dev.payql.adapter.http.page.GraphiqlPage::install}
   */
  public HttpApi(HttpSettings settings, IssueInvoiceUseCase issueInvoice, RedeemUseCase redeem,
      InvoiceStatusUseCase invoiceStatus, RefundUseCase refund, NodeInfoUseCase nodeInfo,
      List<HealthCheck> healthChecks, Optional<DevPayments> devPayments, Consumer<JavalinConfig> pages) {
    this(settings, issueInvoice, redeem, invoiceStatus, refund, nodeInfo, healthChecks, devPayments, pages,
        StandardPayments.ephemeral("payql", RedemptionPolicy.defaults().keyLifetime(), Clock.systemUTC()),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * @param healthChecks what readiness depends on ({@code /health/ready}, {@code /health})
   * @param pages more configuration applied after the API's own, for example
   *     {@code dev.payql.adapter.http.page.GraphiqlPage::install}
   * @param standardPayments the root key and settings of the L402, Payment and x402 credentials
   * @param registry where request latencies are recorded; {@code /metrics} shows all of it, so the
   *     application binds its other meters (JVM, pool, node, store) to the same registry
   */
  public HttpApi(HttpSettings settings, IssueInvoiceUseCase issueInvoice, RedeemUseCase redeem,
      InvoiceStatusUseCase invoiceStatus, RefundUseCase refund, NodeInfoUseCase nodeInfo,
      List<HealthCheck> healthChecks, Optional<DevPayments> devPayments, Consumer<JavalinConfig> pages,
      StandardPayments standardPayments, PrometheusMeterRegistry registry) {
    Objects.requireNonNull(pages, "pages");
    Objects.requireNonNull(nodeInfo, "nodeInfo");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = new RequestMetrics(registry);
    RequestBodies bodies = new RequestBodies(settings.maxBodyBytes(), settings.readTimeout());
    PurchaseRoutes purchases = new PurchaseRoutes(
        Objects.requireNonNull(issueInvoice, "issueInvoice"), Objects.requireNonNull(redeem, "redeem"),
        Objects.requireNonNull(invoiceStatus, "invoiceStatus"), Objects.requireNonNull(refund, "refund"),
        bodies, new FreeWorkQuotas(settings.limits(), settings.proxies(), System::nanoTime),
        new PaymentSchemes(Objects.requireNonNull(standardPayments, "standardPayments")),
        () -> nodeInfo.nodeInfo().network());
    this.operator = new OperatorRoutes(Objects.requireNonNull(nodeInfo, "nodeInfo"),
        Objects.requireNonNull(healthChecks, "healthChecks"), Objects.requireNonNull(devPayments, "devPayments"),
        bodies, metrics);
    this.javalin = Javalin.create(config -> {
      configure(config, settings);
      pages.accept(config);
    });
    javalin.post("/api/invoice", purchases::invoice);
    javalin.post("/graphql", purchases::graphql);
    javalin.get("/api/invoice/status", purchases::status);
    javalin.post("/api/refund", purchases::refund);
    javalin.get("/api/node", operator::node);
    javalin.get("/health", operator::health);
    javalin.get("/health/live", operator::live);
    javalin.get("/health/ready", operator::ready);
    javalin.get("/metrics", operator::metrics);
    javalin.get("/openapi.json", operator::openapi);
    if (operator.servesDevPayments()) {
      javalin.post("/dev/pay", operator::devPay);
    }
    registerExceptionMapping(bodies);
  }

  /** Listens on the configured host and port, on a Jetty of PayQL's own. */
  public HttpApi start() {
    listening = true;
    javalin.start();
    LOG.info("PayQL HTTP listening on {}:{}", settings.host(), port());
    return this;
  }

  /** The port listened on; the chosen one when the settings said 0. */
  public int port() {
    return javalin.port();
  }

  /**
   * The same contract as a servlet for a host's own container, instead of {@link #start()}: the host
   * maps it where it likes ({@code /pay/*}) and stops its server before it closes this API.
   */
  public HttpServlet servlet() {
    if (listening) {
      throw new IllegalStateException("this API listens on a port of its own; it is not also mounted");
    }
    return new MountedServlet(javalin.javalinServlet());
  }

  /**
   * Stops gracefully: readiness turns 503 first, then Jetty closes its listening socket, lets the
   * requests in flight finish (at most {@link HttpSettings#stopTimeout()}) and closes what is left.
   * Mounted, only readiness turns: the host's server owns the connections.
   */
  public void stop() {
    operator.stopping();
    if (listening) {
      LOG.info("PayQL HTTP stopping: no new connections, waiting up to {} for the requests in flight",
          settings.stopTimeout());
      javalin.stop();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void configure(JavalinConfig config, HttpSettings settings) {
    config.useVirtualThreads = true;
    config.showJavalinBanner = false;
    // a mounted API is never started on Jetty; Javalin's watcher would log that it "never started"
    config.startupWatcherEnabled = false;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.http.prefer405over404 = true;
    configureJetty(config, settings);
    config.bundledPlugins.enableCors(cors -> {
      for (String path : List.of("/api/*", "/graphql")) {
        cors.addRule(rule -> {
          rule.path = path;
          if (settings.anyOrigin()) {
            rule.anyHost();
          } else {
            rule.allowHost(settings.corsOrigins().getFirst(),
                settings.corsOrigins().subList(1, settings.corsOrigins().size()).toArray(String[]::new));
          }
          rule.exposeHeader(PurchaseRoutes.REPLAY_HEADER);
          rule.exposeHeader("Retry-After");
          // the standard schemes' challenges and receipts, which a page's script reads
          rule.exposeHeader("WWW-Authenticate");
          rule.exposeHeader(X402Scheme.REQUIRED_HEADER);
          rule.exposeHeader(X402Scheme.RESPONSE_HEADER);
          rule.exposeHeader("Payment-Receipt");
        });
      }
    });
    config.requestLogger.http(this::logRequest);
  }

  /**
   * Jetty below Javalin: one connector whose request heads have a deadline, a silent connection
   * closed after the read timeout, what Jetty answers itself as problem JSON, and a graceful stop
   * that lets answers in flight (a woken long poll) go out.
   */
  private static void configureJetty(JavalinConfig config, HttpSettings settings) {
    config.jetty.addConnector((server, http) -> {
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      ServerConnector connector = new ServerConnector(server, new DeadlineConnectionFactory(http, settings.readTimeout()));
      connector.setHost(settings.host());
      connector.setPort(settings.port());
      connector.setIdleTimeout(settings.readTimeout().toMillis());
      return connector;
    });
    config.jetty.modifyServer(server -> {
      server.setErrorHandler(new ProblemErrorHandler());
      server.setStopTimeout(settings.stopTimeout().toMillis());
    });
    config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ProblemErrorHandler()));
    // Javalin's defaults for these are 500: a client that went away or was too slow is not PayQL's failure
    config.jetty.timeoutStatus = 408;
    config.jetty.clientAbortStatus = CLIENT_CLOSED_REQUEST;
  }

  private void registerExceptionMapping(RequestBodies bodies) {
    javalin.exception(ProblemException.class, (e, ctx) -> Responses.problem(ctx, e.problem()));
    // before NodeUnavailableException: Javalin picks the handler of the closest class
    javalin.exception(NodeAccessDeniedException.class, (e, ctx) -> {
      LOG.error("the Lightning node refuses PayQL; fix the node settings (docs/backends/): {}", e.getMessage());
      Responses.problem(ctx, Problem.of(503, "node_access_denied", "Lightning node refuses PayQL",
          "the Lightning node refuses this server's credentials; the operator has been told")
          .retryAfter(ACCESS_DENIED_RETRY_AFTER));
    });
    javalin.exception(NodeUnavailableException.class, (e, ctx) -> {
      LOG.warn("Lightning node unavailable: {}", e.getMessage());
      Responses.problem(ctx, Problem.of(503, "node_unavailable", "Lightning node unavailable",
          "the Lightning node does not answer; retry later").retryAfter(UNAVAILABLE_RETRY_AFTER));
    });
    // The node refused what the service asked (an invoice, a decode): a fault of the node or its
    // configuration, not of the client, whose input reaches the node only as a refund invoice, which
    // the refund use case reports itself. Shown as the node being unavailable, detail kept in the log.
    javalin.exception(NodeRejectedException.class, (e, ctx) -> {
      LOG.error("Lightning node refused a request: {}", e.getMessage());
      Responses.problem(ctx, Problem.of(503, "node_unavailable", "Lightning node unavailable",
          "the Lightning node refused the operation; the operator has been told, retry later")
          .retryAfter(UNAVAILABLE_RETRY_AFTER));
    });
    javalin.exception(StoreUnavailableException.class, (e, ctx) -> {
      LOG.warn("store unavailable: {}", e.getMessage());
      Responses.problem(ctx, Problem.of(503, "store_unavailable", "Store unavailable",
          "the purchase store does not answer; retry later").retryAfter(UNAVAILABLE_RETRY_AFTER));
    });
    javalin.exception(ApiNotReadyException.class, (e, ctx) -> {
      LOG.debug("API not ready: {}", e.getMessage());
      Responses.problem(ctx, Problem.of(503, "data_loading", "Data loading",
          "the data this API serves is still loading after the first start; retry later").retryAfter(e.retryAfter()));
    });
    javalin.exception(ContentTooLargeResponse.class, (e, ctx) -> Responses.problem(ctx, bodies.tooLarge().problem()));
    javalin.exception(HttpResponseException.class, (e, ctx) ->
        Responses.problem(ctx, ProtocolProblems.of(e.getStatus(), null)));
    javalin.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
      Responses.problem(ctx, Problem.of(500, "internal_error", "Internal error",
          "the server failed to answer this request; it has been logged"));
    });
    javalin.error(404, ctx -> {
      if (ctx.attribute(Responses.CODE_ATTRIBUTE) == null) {
        Responses.problem(ctx, ProtocolProblems.of(404, null));
      }
    });
  }

  private void logRequest(Context ctx, Float millis) {
    String code = ctx.attribute(Responses.CODE_ATTRIBUTE);
    int status = ctx.statusCode();
    String route = route(ctx);
    metrics.recordRequest(ctx.method().name(), route, status, code, millis);
    // the path only: the query string is not logged, and headers (Authorization) never are
    REQUESTS.info("{} {} {} {} {}ms", ctx.method().name(), ctx.path(), status, code == null ? "-" : code,
        String.format(Locale.ROOT, "%.1f", millis));
  }

  private static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
