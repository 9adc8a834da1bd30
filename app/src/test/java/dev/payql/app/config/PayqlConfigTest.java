package dev.payql.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.Msat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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
    assertThat(config.pricing().perUnit()).isEqualTo(Msat.ofSat(1));
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
}
