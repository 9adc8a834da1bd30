package dev.payql.app.config;

import dev.payql.adapter.rates.RateSettings;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.money.Tariff;
import dev.payql.domain.purchase.RedemptionPolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything PayQL is configured with, read once at start. docs/configuration.md lists every
 * setting; this class is where their defaults live.
 */
public record PayqlConfig(
    Server server,
    Path dataDir,
    NodeSettings node,
    Store store,
    PricingRules pricing,
    Rates rates,
    Duration invoiceExpiry,
    RedemptionPolicy redemption,
    Duration executionTimeout,
    Duration sweepInterval,
    int sweepBatch) {

  public record Server(String host, int port, long maxBodyBytes, List<String> corsOrigins, int rateLimitPerMinute,
      boolean trustForwardedFor) {}

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
    Server server = new Server(
        s.string("host", "0.0.0.0"),
        s.integer("port", 8080, 0, 65535),
        s.longValue("max.body.bytes", 64 * 1024, 1024, 16 * 1024 * 1024),
        List.of(s.string("cors.origins", "*").split("\\s*,\\s*")),
        s.integer("rate.limit.per.minute", 60, 0, 1_000_000),
        s.bool("trust.forwarded.for", false));
    Path dataDir = s.path("data.dir", Path.of("data")).toAbsolutePath().normalize();
    NodeSettings node = node(s);
    Store store = new Store(
        s.optional("store.url"),
        s.optional("store.user"),
        s.optional("store.password"),
        s.integer("store.pool.size", 10, 1, 500),
        s.bool("store.sample.data", true));
    PricingRules pricing = pricing(s);
    Rates rates = rates(s);
    RedemptionPolicy redemption = new RedemptionPolicy(
        s.duration("execution.lease", Duration.ofSeconds(60)),
        s.duration("replay.window", Duration.ofMinutes(10)),
        s.duration("key.lifetime", Duration.ofDays(30)));
    Duration executionTimeout = s.duration("execution.timeout", Duration.ofSeconds(30));
    if (executionTimeout.compareTo(redemption.executionLease()) >= 0) {
      // a lease shorter than an execution would let a second instance run the same paid request
      throw new ConfigurationException(Settings.describe("execution.timeout") + " (" + executionTimeout
          + ") must be shorter than " + Settings.describe("execution.lease") + " (" + redemption.executionLease() + ")");
    }
    Duration invoiceExpiry = s.duration("invoice.expiry", Duration.ofMinutes(10));
    if (invoiceExpiry.toSeconds() < 10) {
      throw new ConfigurationException(Settings.describe("invoice.expiry") + " must be at least 10 seconds");
    }
    return new PayqlConfig(server, dataDir, node, store, pricing, rates, invoiceExpiry,
        redemption, executionTimeout, s.duration("sweep.interval", Duration.ofSeconds(30)),
        s.integer("sweep.batch", 500, 1, 100_000));
  }

  /** In msat (the default) or, when a USD price is set, in USD at the rate; the bounds are msat either way. */
  private static PricingRules pricing(Settings s) {
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
      tariff = new Tariff.InMsat(Msat.of(s.longValue("price.base.msat", 0, 0, Long.MAX_VALUE)),
          Msat.of(s.longValue("price.msat.per.unit", 1_000, 0, Long.MAX_VALUE)));
    }
    Msat min = Msat.of(s.longValue("price.min.msat", 1_000, 1, Long.MAX_VALUE));
    Msat max = Msat.of(s.longValue("price.max.msat", 10_000_000, 1, Long.MAX_VALUE));
    long maxWeight = s.longValue("max.weight", 1_000, 1, Long.MAX_VALUE);
    try {
      return new PricingRules(tariff, min, max, maxWeight);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(Settings.describe("price.min.msat") + " and " + Settings.describe("price.max.msat")
          + ": " + e.getMessage());
    }
  }

  /** The fixed rate unless {@code rate.sources} names public tickers to poll. */
  private static Rates rates(Settings s) {
    BigDecimal fixed = s.decimal("btc.usd", "60000");
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

  private static NodeSettings node(Settings s) {
    String backend = s.string("node.backend", "simulated").toLowerCase(Locale.ROOT);
    return switch (backend) {
      case "simulated" -> new NodeSettings.Simulated(s.string("simnode.host", "127.0.0.1"),
          s.integer("simnode.port", 9735, 1, 65535));
      case "lnd" -> new NodeSettings.Lnd(
          s.string("lnd.host", "localhost"),
          s.integer("lnd.port", 10009, 1, 65535),
          Path.of(s.required("lnd.tls.cert", "with the LND backend: the path of LND's tls.cert")),
          Path.of(s.required("lnd.macaroon", "with the LND backend: the path of a macaroon file")),
          s.duration("lnd.timeout", Duration.ofSeconds(10)));
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
            s.duration("cln.timeout", Duration.ofSeconds(10)));
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
