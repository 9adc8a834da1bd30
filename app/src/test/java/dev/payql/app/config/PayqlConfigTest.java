package dev.payql.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.adapter.http.web.ClientLimits;
import dev.payql.adapter.http.web.HttpSettings;
import dev.payql.adapter.http.web.TrustedProxies;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.adapter.rates.RateSettings;
import dev.payql.api.upstream.UpstreamSettings;
import dev.payql.domain.money.Msat;
import dev.payql.domain.money.PricingRules;
import dev.payql.domain.money.Tariff;
import dev.payql.domain.purchase.RedemptionPolicy;
import dev.payql.engine.graphql.EngineSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class PayqlConfigTest {

  @TempDir
  Path dir;

  private static PayqlConfig fromEnvironment(Map<String, String> environment) {
    return PayqlConfig.from(SettingsSource.load(Optional.empty(), environment));
  }

  @Test
  void withNothingSetPayqlRunsOnTheEmbeddedDefault() {
    PayqlConfig config = fromEnvironment(Map.of());

    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.node()).isInstanceOf(PayqlConfig.NodeSettings.Simulated.class);
    assertThat(config.store().jdbcUrl()).isEmpty();
    assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath().normalize());
    assertThat(config.pricing().tariff()).isEqualTo(new Tariff.InMsat(Msat.ZERO, Msat.ofSat(1)));
    assertThat(config.invoiceExpiry()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.redemption().keyLifetime()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void environmentVariablesWinOverTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("payql.properties"), "port=9000\nreplay.window=5m\n");

    PayqlConfig config = PayqlConfig.from(SettingsSource.load(Optional.of(file), Map.of("PAYQL_PORT", "9100")));

    assertThat(config.server().port()).isEqualTo(9100);
    assertThat(config.redemption().replayWindow()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void durationsReadInEveryDocumentedForm() {
    assertThat(fromEnvironment(Map.of("PAYQL_KEY_LIFETIME", "2h")).redemption().keyLifetime()).isEqualTo(Duration.ofHours(2));
    assertThat(fromEnvironment(Map.of("PAYQL_KEY_LIFETIME", "PT90S")).redemption().keyLifetime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(fromEnvironment(Map.of("PAYQL_KEY_LIFETIME", "45")).redemption().keyLifetime()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void aLogFormatLoggingDoesNotKnowStopsStartInsteadOfSilencingTheLog() {
    assertThat(fromEnvironment(Map.of("PAYQL_LOG_FORMAT", "json"))).isNotNull();
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_LOG_FORMAT", "JSON")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_LOG_FORMAT")
        .hasMessageContaining("text or json");
  }

  @Test
  void theShutdownTimeoutIsASetting() {
    assertThat(fromEnvironment(Map.of()).server().stopTimeout()).isEqualTo(HttpSettings.DEFAULT_STOP_TIMEOUT);
    assertThat(fromEnvironment(Map.of("PAYQL_SHUTDOWN_TIMEOUT", "45s")).server().stopTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(45));
  }

  @Test
  void aMalformedSettingStopsStartWithItsNameAndVariable() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_PORT", "eighty")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_REPLAY_WINDOW", "soon")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_REPLAY_WINDOW");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_NODE_BACKEND", "eclair")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("simulated, lnd or cln");
  }

  @Test
  void refundsAllowAShareOfTheirAmountInFeesAndAreReconciledPeriodically() {
    PayqlConfig.Refunds defaults = fromEnvironment(Map.of()).refunds();
    PayqlConfig.Refunds set = fromEnvironment(Map.of("PAYQL_REFUND_MAX_FEE_PERCENT", "0.5",
        "PAYQL_REFUND_PAYMENT_TIMEOUT", "2m", "PAYQL_REFUND_RECONCILE_INTERVAL", "10s")).refunds();

    assertThat(defaults.feeLimit().maxFeeFor(Msat.ofSat(100))).isEqualTo(Msat.ofSat(5));
    assertThat(defaults.paymentTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.feeLimit().maxFeeFor(Msat.ofSat(100))).isEqualTo(Msat.of(500));
    assertThat(set.paymentTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(set.reconcileInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fromEnvironment(Map.of("PAYQL_REFUND_MAX_FEE_PERCENT", "3 %")).refunds().feeLimit().percent())
        .isEqualByComparingTo("3");
  }

  @Test
  void refundSettingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_REFUND_MAX_FEE_PERCENT", "101")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_REFUND_MAX_FEE_PERCENT");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_REFUND_MAX_FEE_PERCENT", "lots")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_REFUND_MAX_FEE_PERCENT");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_REFUND_PAYMENT_TIMEOUT", "500ms")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_REFUND_PAYMENT_TIMEOUT");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_REFUND_PAYMENT_TIMEOUT", "20h")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("65535");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_REFUND_RECONCILE_INTERVAL", "0s")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_REFUND_RECONCILE_INTERVAL");
  }

  @Test
  void anUpstreamUrlSwitchesToProxyModeWithItsHeadersAndLimits() {
    PayqlConfig config = fromEnvironment(Map.of(
        "PAYQL_UPSTREAM_URL", "http://127.0.0.1:4000/graphql",
        "PAYQL_UPSTREAM_HEADERS", "Authorization: Bearer t0ken; X-Tenant: shop",
        "PAYQL_UPSTREAM_MAX_RESPONSE_BYTES", "1000",
        "PAYQL_UPSTREAM_SDL_FILE", "/etc/payql/upstream.graphqls"));

    var upstream = config.upstream().orElseThrow();
    assertThat(upstream.url()).hasToString("http://127.0.0.1:4000/graphql");
    assertThat(upstream.headers()).containsExactlyInAnyOrderEntriesOf(
        Map.of("Authorization", "Bearer t0ken", "X-Tenant", "shop"));
    assertThat(upstream.timeout()).isEqualTo(UpstreamSettings.DEFAULT_TIMEOUT);
    assertThat(upstream.maxResponseBytes()).isEqualTo(1000);
    assertThat(upstream.sdlFile()).contains(Path.of("/etc/payql/upstream.graphqls"));
    assertThat(upstream.toString()).doesNotContain("t0ken");
    assertThat(fromEnvironment(Map.of()).upstream()).isEmpty();
  }

  @Test
  void theBuyersHeadersForwardedAreAnAllowListOfNamesEmptyByDefault() {
    var upstream = fromEnvironment(Map.of("PAYQL_UPSTREAM_URL", "http://u/graphql",
        "PAYQL_UPSTREAM_FORWARD_HEADERS", " X-Tenant-Id, Accept-Language ,")).upstream().orElseThrow();

    assertThat(upstream.forwardHeaders()).containsExactlyInAnyOrder("x-tenant-id", "accept-language");
    assertThat(fromEnvironment(Map.of("PAYQL_UPSTREAM_URL", "http://u/graphql")).upstream().orElseThrow()
        .forwardHeaders()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Authorization", "cookie", "Connection", "Transfer-Encoding", "Upgrade", "TE",
      "Proxy-Authorization", "PAYMENT-SIGNATURE", "Host", "X-Upstream-Token", "not a name"})
  void aBuyerHeaderThatMayNeverTravelStopsTheStartNamingTheSetting(String name) {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_UPSTREAM_URL", "http://u/graphql",
        "PAYQL_UPSTREAM_HEADERS", "X-Upstream-Token: s3cret",
        "PAYQL_UPSTREAM_FORWARD_HEADERS", "X-Tenant, " + name)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_UPSTREAM_FORWARD_HEADERS")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void upstreamSettingsThatCannotWorkAreRefusedByName() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_UPSTREAM_URL", "ftp://upstream/graphql")))
        .hasMessageContaining("PAYQL_UPSTREAM_URL");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_UPSTREAM_URL", "http://u/graphql",
        "PAYQL_UPSTREAM_HEADERS", "Authorization Bearer s3cret")))
        .hasMessageContaining("PAYQL_UPSTREAM_HEADERS").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_UPSTREAM_URL", "http://u/graphql",
        "PAYQL_UPSTREAM_TIMEOUT", "20s", "PAYQL_EXECUTION_TIMEOUT", "10s")))
        .hasMessageContaining("PAYQL_UPSTREAM_TIMEOUT");
  }

  @Test
  void anExecutionTimeoutNotShorterThanTheLeaseIsRefused() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_EXECUTION_LEASE", "30s", "PAYQL_EXECUTION_TIMEOUT", "30s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_EXECUTION_TIMEOUT").hasMessageContaining("PAYQL_EXECUTION_LEASE");
  }

  @Test
  void lndNeedsItsCertificateAndMacaroon() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_NODE_BACKEND", "lnd")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_LND_TLS_CERT");

    var lnd = (PayqlConfig.NodeSettings.Lnd) fromEnvironment(Map.of("PAYQL_NODE_BACKEND", "lnd",
        "PAYQL_LND_TLS_CERT", "/lnd/tls.cert", "PAYQL_LND_MACAROON", "/lnd/payql.macaroon")).node();
    assertThat(lnd.host()).isEqualTo("localhost");
    assertThat(lnd.port()).isEqualTo(10009);
  }

  @Test
  void coreLightningUsesRestWhenItsUrlIsGivenAndTheSocketOtherwise() {
    var socket = (PayqlConfig.NodeSettings.Cln) fromEnvironment(Map.of("PAYQL_NODE_BACKEND", "cln",
        "PAYQL_CLN_RPC_SOCKET", "/cln/lightning-rpc")).node();
    var rest = (PayqlConfig.NodeSettings.Cln) fromEnvironment(Map.of("PAYQL_NODE_BACKEND", "cln",
        "PAYQL_CLN_REST_URL", "https://node:3010", "PAYQL_CLN_RUNE", "/cln/rune", "PAYQL_CLN_REST_CERT", "/cln/ca.pem")).node();

    assertThat(socket.transport()).isEqualTo("socket");
    assertThat(rest.transport()).isEqualTo("rest");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_NODE_BACKEND", "cln")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_CLN_RPC_SOCKET");
  }

  @Test
  void misspeltSettingsAreReportedNotIgnored() throws IOException {
    Path file = Files.writeString(dir.resolve("payql.properties"), "prot=9000\n");
    SettingsSource source = SettingsSource.load(Optional.of(file), Map.of("PAYQL_PORTT", "1", "PATH", "/bin"));

    PayqlConfig.from(source);

    assertThat(source.unknownFileKeys()).containsExactly("prot");
    assertThat(source.unknownEnvironmentVariables()).containsExactly("PAYQL_PORTT");
  }

  @Test
  void thePasswordOfTheStoreIsNeverPrinted() {
    PayqlConfig config = fromEnvironment(Map.of("PAYQL_STORE_URL", "jdbc:postgresql://db/payql?password=hunter2",
        "PAYQL_STORE_PASSWORD", "s3cret"));

    assertThat(config.store().toString()).doesNotContain("hunter2").doesNotContain("s3cret");
  }

  // --- prices and rates (issue 15)

  @Test
  void byDefaultPricesAreInMsatAtTheFixedRate() {
    PayqlConfig config = fromEnvironment(Map.of());

    assertThat(config.rates().live()).isEmpty();
    assertThat(config.rates().fixedUsdPerBtc()).isEqualByComparingTo("60000");
  }

  @Test
  void aUsdPriceMakesTheTariffUsdWithTheBoundsStillInMsat() {
    PayqlConfig config = fromEnvironment(Map.of("PAYQL_PRICE_USD_PER_UNIT", "0.0005", "PAYQL_PRICE_BASE_USD", "0.01",
        "PAYQL_PRICE_MAX_MSAT", "5000000"));

    assertThat(config.pricing().tariff()).isEqualTo(new Tariff.InUsd(new BigDecimal("0.01"), new BigDecimal("0.0005")));
    assertThat(config.pricing().maximum()).isEqualTo(Msat.of(5_000_000));
    assertThat(config.pricing().minimum()).isEqualTo(Msat.ofSat(1));
  }

  @Test
  void pricesInBothUnitsAreRefusedRatherThanOneSilentlyWinning() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_PRICE_USD_PER_UNIT", "0.0005", "PAYQL_PRICE_MSAT_PER_UNIT", "1000")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("not both")
        .hasMessageContaining("PAYQL_PRICE_USD_PER_UNIT").hasMessageContaining("PAYQL_PRICE_MSAT_PER_UNIT");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_PRICE_USD_PER_UNIT", "-1")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("negative");
  }

  @Test
  void liveSourcesAreListedInOrderWithTheirPublicUrlsAndTheDefaultsOfHowTheyAreJudged() {
    PayqlConfig config = fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "Kraken, bitstamp,coingecko"));

    RateSettings live = config.rates().live().orElseThrow();
    assertThat(live.sources()).containsExactly(Map.entry("kraken", URI.create("https://api.kraken.com")),
        Map.entry("bitstamp", URI.create("https://www.bitstamp.net")),
        Map.entry("coingecko", URI.create("https://api.coingecko.com")));
    assertThat(live.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(live.maxAge()).isEqualTo(Duration.ofMinutes(3));
    assertThat(live.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(live.maxDeviation()).isEqualByComparingTo("0.03");
    assertThat(live.minSources()).isEqualTo(2);
  }

  @Test
  void aLoneSourceIsTrustedAloneAndABaseUrlCanBeReplaced() {
    PayqlConfig config = fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "coinbase",
        "PAYQL_RATE_COINBASE_URL", "http://127.0.0.1:8089/coinbase", "PAYQL_RATE_MAX_DEVIATION_PERCENT", "1.5"));

    RateSettings live = config.rates().live().orElseThrow();
    assertThat(live.sources()).containsExactly(Map.entry("coinbase", URI.create("http://127.0.0.1:8089/coinbase")));
    assertThat(live.minSources()).isEqualTo(1);
    assertThat(live.maxDeviation()).isEqualByComparingTo("0.015");
  }

  @Test
  void badRateSettingsNameTheirVariable() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "kraken,binance")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_RATE_SOURCES").hasMessageContaining("binance")
        .hasMessageContaining("kraken, coinbase, bitstamp, coingecko");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "kraken,kraken")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "kraken", "PAYQL_RATE_MIN_SOURCES", "2")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_RATE_MIN_SOURCES");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "kraken", "PAYQL_RATE_KRAKEN_URL", "api.kraken.com")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_RATE_KRAKEN_URL");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_RATE_SOURCES", "kraken", "PAYQL_RATE_POLL_INTERVAL", "5m")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("longer than the poll interval");
  }

  @Test
  void rateSettingsAreKnownEvenWithTheFixedRateSoTheyAreNotReportedAsTypos() {
    SettingsSource source = SettingsSource.load(Optional.empty(), Map.of("PAYQL_RATE_KRAKEN_URL", "https://example.org",
        "PAYQL_RATE_POLL_INTERVAL", "10s", "PAYQL_RATE_MIN_SOURCES", "1"));

    PayqlConfig.from(source);

    assertThat(source.unknownEnvironmentVariables()).isEmpty();
  }

  @Test
  void aMinimumPriceAboveTheMaximumNamesBothSettings() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_PRICE_MIN_MSAT", "5000", "PAYQL_PRICE_MAX_MSAT", "1000")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_PRICE_MIN_MSAT").hasMessageContaining("PAYQL_PRICE_MAX_MSAT");
  }

  @Test
  void aZeroKeyLifetimeOrLeaseNamesTheSetting() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_KEY_LIFETIME", "0s")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_KEY_LIFETIME");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_EXECUTION_LEASE", "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_EXECUTION_LEASE");
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_READ_TIMEOUT", "0s")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAYQL_READ_TIMEOUT");
  }

  @Test
  void moreLongPollsForOneClientThanForAllNamesBoth() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_LONG_POLLS_PER_CLIENT", "20", "PAYQL_LONG_POLLS_MAX", "10")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_LONG_POLLS_PER_CLIENT").hasMessageContaining("PAYQL_LONG_POLLS_MAX");
  }

  @Test
  void theVariablesReadBeforeTheSettingsAreNotReportedAsUnknown() {
    SettingsSource source = SettingsSource.load(Optional.empty(),
        Map.of("PAYQL_CONFIG", "/etc/payql.properties", "PAYQL_LOG_LEVEL", "DEBUG", "PAYQL_LOG_LEVLE", "DEBUG"));

    PayqlConfig.from(source);

    assertThat(source.unknownEnvironmentVariables()).containsExactly("PAYQL_LOG_LEVLE");
  }

  @Test
  void everyDefaultIsTheOneThePartItConfiguresDefines() {
    PayqlConfig config = fromEnvironment(Map.of());

    assertThat(config.executionTimeout()).isEqualTo(EngineSettings.DEFAULT_EXECUTION_TIMEOUT);
    assertThat(config.server()).isEqualTo(HttpSettings.defaults());
    assertThat(config.pricing()).isEqualTo(PricingRules.defaults());
    assertThat(config.redemption()).isEqualTo(RedemptionPolicy.defaults());
    assertThat(config.store().poolSize()).isEqualTo(PersistenceConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void theSimulatedNodeListensOnLoopbackAndRefusesAnyOtherAddressUnlessAskedTo() {
    assertThat(fromEnvironment(Map.of()).server().host()).isEqualTo("127.0.0.1");
    assertThat(fromEnvironment(Map.of("PAYQL_HOST", "::1")).server().host()).isEqualTo("::1");
    assertThat(fromEnvironment(Map.of("PAYQL_HOST", "localhost")).server().host()).isEqualTo("localhost");

    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_HOST", "0.0.0.0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_HOST").hasMessageContaining("PAYQL_SIMNODE_ALLOW_NON_LOOPBACK");
    assertThat(fromEnvironment(Map.of("PAYQL_HOST", "0.0.0.0", "PAYQL_SIMNODE_ALLOW_NON_LOOPBACK", "true"))
        .server().host()).isEqualTo("0.0.0.0");
    assertThat(fromEnvironment(Map.of("PAYQL_HOST", "0.0.0.0", "PAYQL_NODE_BACKEND", "cln",
        "PAYQL_CLN_RPC_SOCKET", "/cln/lightning-rpc")).server().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void theOldForwardedForSwitchIsRefusedNamingItsReplacements() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_TRUST_FORWARDED_FOR", "true")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_PROXY_HOPS").hasMessageContaining("PAYQL_TRUSTED_PROXIES");
  }

  @Test
  void proxiesAreNamedOrCountedNotBoth() {
    assertThat(fromEnvironment(Map.of("PAYQL_PROXY_HOPS", "2")).server().proxies()).isEqualTo(TrustedProxies.hops(2));
    assertThat(fromEnvironment(Map.of("PAYQL_TRUSTED_PROXIES", "10.0.0.0/8, ::1")).server().proxies())
        .isEqualTo(TrustedProxies.at(java.util.List.of("10.0.0.0/8", "::1")));
    assertThatThrownBy(() -> fromEnvironment(Map.of("PAYQL_PROXY_HOPS", "1", "PAYQL_TRUSTED_PROXIES", "10.0.0.1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_PROXY_HOPS").hasMessageContaining("PAYQL_TRUSTED_PROXIES");
  }

  @Test
  void theLimitsOnFreeWorkAreSettings() {
    var limits = fromEnvironment(Map.of("PAYQL_UNPAID_ATTEMPTS_PER_MINUTE", "7", "PAYQL_STATUS_REQUESTS_PER_MINUTE", "8",
        "PAYQL_LONG_POLLS_PER_CLIENT", "2", "PAYQL_LONG_POLLS_MAX", "9", "PAYQL_RATE_LIMIT_CLIENTS", "100"))
        .server().limits();

    assertThat(limits).isEqualTo(new ClientLimits(ClientLimits.DEFAULT_INVOICES_PER_MINUTE, 7, 8, 2, 9, 100));
  }
}
