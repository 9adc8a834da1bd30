package dev.payql.app.config;

import dev.payql.adapter.cln.ClnConfig;
import dev.payql.adapter.http.web.ClientLimits;
import dev.payql.adapter.http.web.HttpSettings;
import dev.payql.adapter.http.web.TrustedProxies;
import dev.payql.adapter.lnd.LndConfig;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.adapter.rates.RateSettings;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.api.upstream.UpstreamSettings;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.money.RefundFeeLimit;
import dev.payql.domain.money.Tariff;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.engine.graphql.CostFile;
import dev.payql.engine.graphql.CostFileException;
import dev.payql.engine.graphql.EngineSettings;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything PayQL is configured with, read once at start. docs/configuration.md lists every
 * setting. A default is defined once, by the part it configures ({@code HttpSettings},
 * {@code ClientLimits}, {@code PricingRules}, {@code RedemptionPolicy}, {@code EngineSettings},
 * the node and store adapters' configs), and read from there; only what no part owns
 * (invoice expiry, sweeping, the data directory) is defined here.
 */
public record PayqlConfig(
    HttpSettings server,
    Path dataDir,
    NodeSettings node,
    Store store,
    PricingRules pricing,
    Rates rates,
    Duration invoiceExpiry,
    RedemptionPolicy redemption,
    Duration executionTimeout,
    Duration sweepInterval,
    int sweepBatch,
    Refunds refunds,
    Optional<CredentialsSecret> credentialsSecret, Optional<UpstreamSettings> upstream, CostFile costFile) {

  /** The invoice expiry PayQL asks the node for. */
  public static final Duration DEFAULT_INVOICE_EXPIRY = Duration.ofMinutes(10);
  /** Shorter invoices cannot be paid by a human with a phone. */
  public static final Duration MIN_INVOICE_EXPIRY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_SWEEP_BATCH = 500;
  public static final String DEFAULT_BTC_USD = "60000";
  public static final Path DEFAULT_DATA_DIR = Path.of("data");
  /** How errors name the cost file's setting, also when its names do not fit the schema sold. */
  public static final String COST_FILE_SETTING = Settings.describe("cost.file");

  /**
   * @param feeLimit the most a refund may cost in routing fees, a share of its amount
   * @param paymentTimeout how long the node may try to pay a refund before PayQL reports it as in
   *     flight (LND's timeout_seconds, CLN's retry_for)
   * @param reconcileInterval how often refunds still in flight are asked of the node
   */
  public record Refunds(RefundFeeLimit feeLimit, Duration paymentTimeout, Duration reconcileInterval) {}

  /**
   * The operator's secret that the root key of the payment credentials is sealed under in the store
   * (ADR 0028). Never printed.
   */
  public record CredentialsSecret(String value) {
    /** Shorter than this is a password, not a key. */
    public static final int MIN_LENGTH = 16;

    @Override
    public String toString() {
      return "CredentialsSecret[(set)]";
    }
  }

  /** @param jdbcUrl empty for the default: the H2 file database {@code payql} in the data directory */
  public record Store(Optional<String> jdbcUrl, Optional<String> user, Optional<String> password, int poolSize,
      boolean loadSampleData) {

    @Override
    public String toString() {
      return "Store[jdbcUrl=" + jdbcUrl.map(url -> url.replaceAll("password=[^&;]*", "password=***")).orElse("(H2 in data dir)")
          + ", user=" + user.orElse("(default)") + ", password=" + (password.isPresent() ? "(set)" : "(none)")
          + ", poolSize=" + poolSize + ", loadSampleData=" + loadSampleData + "]";
    }
  }

  /**
   * Where the BTC/USD rate comes from.
   *
   * @param fixedUsdPerBtc the configured rate, used when {@code live} is empty
   * @param live the public tickers to poll instead, with how to judge them
   */
  public record Rates(BigDecimal fixedUsdPerBtc, Optional<RateSettings> live) {}

  /** Which node PayQL sells through, with what that node needs. */
  public sealed interface NodeSettings {

    /** The simulated node: development and demos only, it takes no real money. */
    record Simulated(String advertisedHost, int advertisedPort) implements NodeSettings {}

    record Lnd(String host, int port, Path tlsCert, Path macaroon, Duration timeout) implements NodeSettings {}

    record Cln(String transport, Optional<Path> rpcSocket, Optional<String> restUrl, Optional<Path> runeFile,
        Optional<Path> restCert, Duration timeout) implements NodeSettings {}
  }

  public static PayqlConfig from(SettingsSource source) {
    Settings s = new Settings(source);
    if (source.get("trust.forwarded.for").isPresent()) {
      throw new ConfigurationException(Settings.describe("trust.forwarded.for") + " is replaced: it trusted the "
          + "left-most X-Forwarded-For entry, which the client writes. Set " + Settings.describe("proxy.hops")
          + " to the number of proxies in front of PayQL, or " + Settings.describe("trusted.proxies")
          + " to their addresses (docs/configuration.md)");
    }
    checkLogFormat(s);
    NodeSettings node = node(s);
    HttpSettings server = server(s, node);
    Path dataDir = s.path("data.dir", DEFAULT_DATA_DIR).toAbsolutePath().normalize();
    Store store = new Store(
        s.optional("store.url"),
        s.optional("store.user"),
        s.optional("store.password"),
        s.integer("store.pool.size", PersistenceConfig.DEFAULT_POOL_SIZE, 1, 500),
        s.bool("store.sample.data", true));
    PricingRules pricing = pricing(s);
    Rates rates = rates(s);
    RedemptionPolicy defaultPolicy = RedemptionPolicy.defaults();
    RedemptionPolicy redemption = Settings.together(() -> new RedemptionPolicy(
        s.duration("execution.lease", defaultPolicy.executionLease(), Duration.ofSeconds(1)),
        s.duration("replay.window", defaultPolicy.replayWindow()),
        s.duration("key.lifetime", defaultPolicy.keyLifetime(), Duration.ofSeconds(1))),
        "execution.lease", "replay.window", "key.lifetime");
    Duration executionTimeout = s.duration("execution.timeout", EngineSettings.DEFAULT_EXECUTION_TIMEOUT,
        Duration.ofMillis(1));
    if (executionTimeout.compareTo(redemption.executionLease()) >= 0) {
      // a lease shorter than an execution would let a second instance run the same paid request
      throw new ConfigurationException(Settings.describe("execution.timeout") + " (" + executionTimeout
          + ") must be shorter than " + Settings.describe("execution.lease") + " (" + redemption.executionLease() + ")");
    }
    Duration invoiceExpiry = s.duration("invoice.expiry", DEFAULT_INVOICE_EXPIRY, MIN_INVOICE_EXPIRY);
    return new PayqlConfig(server, dataDir, node, store, pricing, rates, invoiceExpiry,
        redemption, executionTimeout, s.duration("sweep.interval", DEFAULT_SWEEP_INTERVAL, Duration.ofMillis(1)),
        s.integer("sweep.batch", DEFAULT_SWEEP_BATCH, 1, 100_000), refunds(s), credentialsSecret(s),
        upstream(s, executionTimeout), costFile(s));
  }

  /**
   * The operator's weights and list sizes (docs/pricing.md), read and checked now; its names are
   * checked against the schema sold when the engine is made.
   */
  private static CostFile costFile(Settings s) {
    Optional<String> file = s.optional("cost.file");
    try {
      return file.map(path -> CostFile.read(Path.of(path))).orElse(CostFile.NONE);
    } catch (CostFileException e) {
      throw new ConfigurationException(COST_FILE_SETTING + ": " + e.getMessage());
    }
  }

  private static Optional<CredentialsSecret> credentialsSecret(Settings s) {
    Optional<String> secret = s.optional("credentials.secret");
    if (secret.isPresent() && secret.get().length() < CredentialsSecret.MIN_LENGTH) {
      throw new ConfigurationException(Settings.describe("credentials.secret") + " must be at least "
          + CredentialsSecret.MIN_LENGTH + " characters; 32 random bytes in hex are a good one");
    }
    return secret.map(CredentialsSecret::new);
  }


  /**
   * Proxy mode when {@code upstream.url} is set: the API sold is that upstream's, not the bundled
   * market data. Its forward deadline defaults to the execution timeout and may not exceed it.
   */
  private static Optional<UpstreamSettings> upstream(Settings s, Duration executionTimeout) {
    Optional<String> url = s.optional("upstream.url");
    if (url.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.get());
    } catch (URISyntaxException e) {
      throw new ConfigurationException(Settings.describe("upstream.url") + " is no URL: " + e.getMessage());
    }
    Duration defaultTimeout = executionTimeout.compareTo(UpstreamSettings.DEFAULT_TIMEOUT) < 0
        ? executionTimeout : UpstreamSettings.DEFAULT_TIMEOUT;
    Duration timeout = s.duration("upstream.timeout", defaultTimeout, Duration.ofMillis(1));
    if (timeout.compareTo(executionTimeout) > 0) {
      throw new ConfigurationException(Settings.describe("upstream.timeout") + " (" + timeout + ") may not exceed "
          + Settings.describe("execution.timeout") + " (" + executionTimeout + ")");
    }
    try {
      UpstreamSettings settings = UpstreamSettings.of(uri)
          .withHeaders(upstreamHeaders(s.string("upstream.headers", "")))
          .withLimits(timeout, s.longValue("upstream.max.response.bytes", UpstreamSettings.DEFAULT_MAX_RESPONSE_BYTES,
              1, Integer.MAX_VALUE))
          .withRefresh(s.duration("upstream.refresh", UpstreamSettings.DEFAULT_REFRESH_INTERVAL, Duration.ofSeconds(1)),
              s.duration("upstream.start.deadline", UpstreamSettings.DEFAULT_START_DEADLINE, Duration.ofSeconds(1)));
      return Optional.of(forwardHeaders(s, s.optional("upstream.sdl.file")
          .map(file -> settings.withSdlFile(Path.of(file))).orElse(settings)));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(Settings.describe("upstream.url") + ": " + e.getMessage());
    }
  }

  /**
   * {@code Name, Other-Name}: the buyer's headers that travel with a paid forward, none by default
   * (ADR 0037). A name that may never travel stops the start, naming this setting.
   */
  private static UpstreamSettings forwardHeaders(Settings s, UpstreamSettings settings) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : s.string("upstream.forward.headers", "").split(",")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    try {
      return settings.withForwardHeaders(names);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(Settings.describe("upstream.forward.headers") + ": " + e.getMessage());
    }
  }

  /** {@code Name: value; Other-Name: value}: the headers every forward carries (an upstream token). */
  static Map<String, String> upstreamHeaders(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String name = colon < 0 ? "" : entry.substring(0, colon).strip();
      if (name.isEmpty() || !name.matches("[A-Za-z0-9-]+")) {
        // the value may be a secret: only the entry's position is named
        throw new ConfigurationException(Settings.describe("upstream.headers")
            + " must read 'Name: value; Other-Name: value'; entry " + (headers.size() + 1) + " does not");
      }
      if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
          || name.equalsIgnoreCase("content-type")) {
        throw new ConfigurationException(Settings.describe("upstream.headers") + " may not set " + name
            + ": PayQL sets it for every forward");
      }
      headers.put(name, entry.substring(colon + 1).strip());
    }
    return headers;
  }

  /**
   * logback.xml picks its appender by the name {@code PAYQL_LOG_FORMAT} gives, and a name it does
   * not know would silence every log line: only the two it has pass.
   */
  private static void checkLogFormat(Settings s) {
    String format = s.string("log.format", "text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigurationException(Settings.describe("log.format") + " is text or json, not '" + format + "'");
    }
  }

  private static HttpSettings server(Settings s, NodeSettings node) {
    String host = s.string("host", HttpSettings.LOOPBACK_HOST);
    if (node instanceof NodeSettings.Simulated && !s.bool("simnode.allow.non.loopback", false) && !isLoopback(host)) {
      // the simulated node's invoices are paid by anyone who asks /dev/pay: a public one gives requests away
      throw new ConfigurationException("the simulated node serves only loopback addresses, and "
          + Settings.describe("host") + " is " + host + ". Use a real node (" + Settings.describe("node.backend")
          + "), or set " + Settings.describe("simnode.allow.non.loopback") + " to true to expose a demo on purpose");
    }
    ClientLimits limits = ClientLimits.defaults();
    ClientLimits configured = Settings.together(() -> new ClientLimits(
        s.integer("rate.limit.per.minute", limits.invoicesPerMinute(), 0, ClientLimits.MAX_PER_MINUTE),
        s.integer("unpaid.attempts.per.minute", limits.unpaidAttemptsPerMinute(), 0, ClientLimits.MAX_PER_MINUTE),
        s.integer("status.requests.per.minute", limits.statusRequestsPerMinute(), 0, ClientLimits.MAX_PER_MINUTE),
        s.integer("long.polls.per.client", limits.longPollsPerClient(), 0, 1_000_000),
        s.integer("long.polls.max", limits.longPollsInAll(), 0, 1_000_000),
        s.integer("rate.limit.clients", limits.trackedClients(), 1, 10_000_000)),
        "long.polls.per.client", "long.polls.max");
    TrustedProxies proxies = Settings.together(() -> new TrustedProxies(
        s.list("trusted.proxies", List.of()),
        s.integer("proxy.hops", 0, 0, TrustedProxies.MAX_HOPS)),
        "trusted.proxies", "proxy.hops");
    return Settings.together(() -> new HttpSettings(host,
        s.integer("port", HttpSettings.DEFAULT_PORT, 0, 65535),
        s.integer("max.body.bytes", HttpSettings.DEFAULT_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024),
        s.duration("read.timeout", HttpSettings.DEFAULT_READ_TIMEOUT, Duration.ofSeconds(1)),
        s.list("cors.origins", HttpSettings.ANY_ORIGIN),
        configured, proxies,
        s.duration("shutdown.timeout", HttpSettings.DEFAULT_STOP_TIMEOUT)),
        "cors.origins");
  }

  /** {@code 127.0.0.1}, {@code ::1}, {@code localhost}; not {@code 0.0.0.0}, which is every interface. */
  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new ConfigurationException(Settings.describe("host") + " is not an address of this machine: " + host);
    }
  }

  /** In msat (the default) or, when a USD price is set, in USD at the rate; the bounds are msat either way. */
  private static PricingRules pricing(Settings s) {
    PricingRules defaults = PricingRules.defaults();
    Optional<BigDecimal> baseUsd = s.nonNegativeDecimal("price.base.usd");
    Optional<BigDecimal> usdPerUnit = s.nonNegativeDecimal("price.usd.per.unit");
    Optional<String> baseMsat = s.optional("price.base.msat");
    Optional<String> msatPerUnit = s.optional("price.msat.per.unit");
    Tariff tariff;
    if (baseUsd.isPresent() || usdPerUnit.isPresent()) {
      if (baseMsat.isPresent() || msatPerUnit.isPresent()) {
        throw new ConfigurationException("prices are set in USD (" + Settings.describe("price.base.usd") + ", "
            + Settings.describe("price.usd.per.unit") + ") or in msat (" + Settings.describe("price.base.msat") + ", "
            + Settings.describe("price.msat.per.unit") + "), not both");
      }
      tariff = new Tariff.InUsd(baseUsd.orElse(BigDecimal.ZERO), usdPerUnit.orElse(BigDecimal.ZERO));
    } else {
      Tariff.InMsat defaultTariff = (Tariff.InMsat) defaults.tariff();
      tariff = new Tariff.InMsat(
          Msat.of(s.longValue("price.base.msat", defaultTariff.base().value(), 0, Long.MAX_VALUE)),
          Msat.of(s.longValue("price.msat.per.unit", defaultTariff.perUnit().value(), 0, Long.MAX_VALUE)));
    }
    Msat min = Msat.of(s.longValue("price.min.msat", defaults.minimum().value(), 1, Long.MAX_VALUE));
    Msat max = Msat.of(s.longValue("price.max.msat", defaults.maximum().value(), 1, Long.MAX_VALUE));
    long maxWeight = s.longValue("max.weight", defaults.maxWeight(), 1, Long.MAX_VALUE);
    return Settings.together(() -> new PricingRules(tariff, min, max, maxWeight), "price.min.msat", "price.max.msat");
  }

  /** The fixed rate unless {@code rate.sources} names public tickers to poll. */
  private static Rates rates(Settings s) {
    BigDecimal fixed = s.decimal("btc.usd", DEFAULT_BTC_USD);
    // every source's URL is read, listed or not, so one set ahead of listing it is not reported as a typo
    Map<String, URI> urls = new LinkedHashMap<>();
    for (String name : RateSettings.names()) {
      urls.put(name, s.url("rate." + name + ".url", RateSettings.publicBaseUrl(name)));
    }
    Duration interval = s.duration("rate.poll.interval", Duration.ofSeconds(30));
    Duration maxAge = s.duration("rate.max.age", Duration.ofMinutes(3));
    Duration timeout = s.duration("rate.timeout", Duration.ofSeconds(5));
    BigDecimal deviationPercent = s.decimal("rate.max.deviation.percent", "3");
    String listed = s.string("rate.sources", "fixed").strip().toLowerCase(Locale.ROOT);
    if (listed.equals("fixed")) {
      s.optional("rate.min.sources");
      return new Rates(fixed, Optional.empty());
    }
    Map<String, URI> chosen = new LinkedHashMap<>();
    for (String name : listed.split(",")) {
      String source = name.strip();
      if (!urls.containsKey(source)) {
        throw new ConfigurationException(Settings.describe("rate.sources") + " lists '" + source + "'; it is 'fixed' or "
            + "a comma-separated list of " + String.join(", ", RateSettings.names()));
      }
      if (chosen.put(source, urls.get(source)) != null) {
        throw new ConfigurationException(Settings.describe("rate.sources") + " lists '" + source + "' twice");
      }
    }
    // one source alone is trusted alone; with more, a price needs two that agree
    int minSources = s.integer("rate.min.sources", Math.min(2, chosen.size()), 1, chosen.size());
    try {
      return new Rates(fixed, Optional.of(new RateSettings(chosen, interval, maxAge, timeout,
          deviationPercent.movePointLeft(2), minSources)));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(Settings.describe("rate.sources") + ": " + e.getMessage());
    }
  }

  private static Refunds refunds(Settings s) {
    RefundFeeLimit feeLimit = new RefundFeeLimit(s.percent("refund.max.fee.percent", RefundFeeLimit.DEFAULT_PERCENT));
    Duration paymentTimeout = s.duration("refund.payment.timeout", Duration.ofSeconds(60));
    // whole seconds: LND's timeout_seconds, and CLN's retry_for is a u16
    if (paymentTimeout.toSeconds() < 1 || paymentTimeout.toSeconds() > 65_535 || paymentTimeout.toNanosPart() != 0) {
      throw new ConfigurationException(Settings.describe("refund.payment.timeout")
          + " must be whole seconds from 1s to 65535s, not " + paymentTimeout);
    }
    Duration reconcileInterval = s.duration("refund.reconcile.interval", Duration.ofSeconds(30));
    if (reconcileInterval.isZero()) {
      throw new ConfigurationException(Settings.describe("refund.reconcile.interval") + " must be positive");
    }
    return new Refunds(feeLimit, paymentTimeout, reconcileInterval);
  }

  private static NodeSettings node(Settings s) {
    String backend = s.string("node.backend", "simulated").toLowerCase(Locale.ROOT);
    return switch (backend) {
      case "simulated" -> new NodeSettings.Simulated(s.string("simnode.host", SimulatedNode.DEFAULT_HOST),
          s.integer("simnode.port", SimulatedNode.DEFAULT_PORT, 1, 65535));
      case "lnd" -> new NodeSettings.Lnd(
          s.string("lnd.host", "localhost"),
          s.integer("lnd.port", LndConfig.DEFAULT_PORT, 1, 65535),
          Path.of(s.required("lnd.tls.cert", "with the LND backend: the path of LND's tls.cert")),
          Path.of(s.required("lnd.macaroon", "with the LND backend: the path of a macaroon file")),
          s.duration("lnd.timeout", LndConfig.DEFAULT_CALL_TIMEOUT, Duration.ofMillis(100)));
      case "cln" -> {
        Optional<String> restUrl = s.optional("cln.rest.url");
        // CLNRest when its URL is given, the local socket otherwise
        String transport = s.string("cln.transport", restUrl.isPresent() ? "rest" : "socket").toLowerCase(Locale.ROOT);
        if (!transport.equals("socket") && !transport.equals("rest")) {
          throw new ConfigurationException(Settings.describe("cln.transport") + " is socket or rest, not " + transport);
        }
        NodeSettings.Cln cln = new NodeSettings.Cln(transport,
            s.optional("cln.rpc.socket").map(Path::of),
            restUrl,
            s.optional("cln.rune").map(Path::of),
            s.optional("cln.rest.cert").map(Path::of),
            s.duration("cln.timeout", ClnConfig.DEFAULT_CALL_TIMEOUT, Duration.ofMillis(100)));
        if (transport.equals("socket") && cln.rpcSocket().isEmpty()) {
          throw new ConfigurationException(Settings.describe("cln.rpc.socket")
              + " is required with the CLN socket transport: the path of the node's lightning-rpc file");
        }
        if (transport.equals("rest") && (cln.restUrl().isEmpty() || cln.runeFile().isEmpty() || cln.restCert().isEmpty())) {
          throw new ConfigurationException(Settings.describe("cln.rest.url") + ", " + Settings.describe("cln.rune")
              + " and " + Settings.describe("cln.rest.cert") + " are required with the CLN rest transport");
        }
        yield cln;
      }
      default -> throw new ConfigurationException(Settings.describe("node.backend")
          + " is simulated, lnd or cln, not '" + backend + "'");
    };
  }
}
