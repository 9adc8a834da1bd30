package dev.payql.app.config;

import dev.payql.domain.money.Msat;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.money.RefundFeeLimit;
import dev.payql.domain.purchase.RedemptionPolicy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
    BigDecimal btcUsd,
    Duration invoiceExpiry,
    RedemptionPolicy redemption,
    Duration executionTimeout,
    Duration sweepInterval,
    int sweepBatch,
    Refunds refunds) {

  public record Server(String host, int port, long maxBodyBytes, List<String> corsOrigins, int rateLimitPerMinute,
      boolean trustForwardedFor) {}

  /**
   * @param feeLimit the most a refund may cost in routing fees, a share of its amount
   * @param paymentTimeout how long the node may try to pay a refund before PayQL reports it as in
   *     flight (LND's timeout_seconds, CLN's retry_for)
   * @param reconcileInterval how often refunds still in flight are asked of the node
   */
  public record Refunds(RefundFeeLimit feeLimit, Duration paymentTimeout, Duration reconcileInterval) {}

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
    PricingRules pricing = new PricingRules(
        Msat.of(s.longValue("price.base.msat", 0, 0, Long.MAX_VALUE)),
        Msat.of(s.longValue("price.msat.per.unit", 1_000, 0, Long.MAX_VALUE)),
        Msat.of(s.longValue("price.min.msat", 1_000, 1, Long.MAX_VALUE)),
        Msat.of(s.longValue("price.max.msat", 10_000_000, 1, Long.MAX_VALUE)),
        s.longValue("max.weight", 1_000, 1, Long.MAX_VALUE));
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
    return new PayqlConfig(server, dataDir, node, store, pricing, s.decimal("btc.usd", "60000"), invoiceExpiry,
        redemption, executionTimeout, s.duration("sweep.interval", Duration.ofSeconds(30)),
        s.integer("sweep.batch", 500, 1, 100_000), refunds(s));
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
