package dev.payql.adapter.cln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClnConfigTest {

  @Test
  void theSocketIsTheDefaultTransport() {
    ClnConfig config = ClnConfig.fromEnvironment(Map.of("PAYQL_CLN_RPC_SOCKET", "/var/lib/cln/bitcoin/lightning-rpc"));

    assertThat(config.transport()).isEqualTo(ClnConfig.Transport.SOCKET);
    assertThat(config.socketPath()).contains(Path.of("/var/lib/cln/bitcoin/lightning-rpc"));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aRestUrlChoosesClnRestWithItsRuneFileAndCertificate() {
    ClnConfig config = ClnConfig.fromEnvironment(Map.of(
        "PAYQL_CLN_REST_URL", "https://node.example:3010",
        "PAYQL_CLN_RUNE", "/etc/payql/cln.rune",
        "PAYQL_CLN_REST_CERT", "/etc/payql/cln-ca.pem",
        "PAYQL_CLN_TIMEOUT", "20"));

    assertThat(config.transport()).isEqualTo(ClnConfig.Transport.REST);
    assertThat(config.restUrl()).contains(URI.create("https://node.example:3010"));
    assertThat(config.runePath()).contains(Path.of("/etc/payql/cln.rune"));
    assertThat(config.restCertPath()).contains(Path.of("/etc/payql/cln-ca.pem"));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void clnRestWithoutItsRuneIsAConfigurationError() {
    assertThatThrownBy(() -> ClnConfig.fromEnvironment(Map.of("PAYQL_CLN_REST_URL", "https://node.example:3010")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PAYQL_CLN_RUNE");
  }

  @Test
  void clnRestOverPlainHttpIsRefusedSoTheRuneNeverTravelsInClear() {
    assertThatThrownBy(() -> ClnConfig.rest(URI.create("http://node.example:3010"), Path.of("r"), Path.of("c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @Test
  void noSocketAndNoUrlIsAConfigurationError() {
    assertThatThrownBy(() -> ClnConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PAYQL_CLN_RPC_SOCKET");
  }

  @Test
  void aTimeoutThatIsNeitherSecondsNorIsoIsRefused() {
    assertThatThrownBy(() -> ClnConfig.fromEnvironment(Map.of("PAYQL_CLN_RPC_SOCKET", "/x", "PAYQL_CLN_TIMEOUT", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PAYQL_CLN_TIMEOUT");
  }
}
