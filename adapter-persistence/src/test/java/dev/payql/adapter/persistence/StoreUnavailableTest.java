package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.ports.testing.TestPurchases;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that cannot be reached is reported as StoreUnavailableException, never as a JDBC error. */
class StoreUnavailableTest {

  @TempDir
  Path dataDirectory;

  @Test
  void openingAPostgresqlThatNobodyListensForIsStoreUnavailable() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    PersistenceConfig config = PersistenceConfig.of("jdbc:postgresql://127.0.0.1:" + freePort + "/payql", "payql", "secret")
        .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));

    assertThatThrownBy(() -> Persistence.open(config))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + freePort)
        .hasMessageNotContaining("secret");
  }

  @Test
  void everyCallOnAClosedStoreIsStoreUnavailable() {
    Persistence persistence = Persistence.open(PersistenceConfig.h2(dataDirectory));
    var store = persistence.store();
    persistence.close();

    assertThatThrownBy(() -> store.findByKeyDigest(TestPurchases.randomDigest()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.insert(TestPurchases.awaiting(Instant.parse("2026-03-01T12:00:00Z"), Duration.ofMinutes(10))))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.advanceSettlementCursor("lnd", 1)).isInstanceOf(StoreUnavailableException.class);
    assertThat(persistence.isReachable()).isFalse();
  }

  @Test
  void anOpenStoreIsReachable() {
    try (Persistence persistence = Persistence.open(PersistenceConfig.h2(dataDirectory))) {
      assertThat(persistence.isReachable()).isTrue();
    }
  }

  @Test
  void anUnsupportedUrlIsAClearError() {
    assertThatThrownBy(() -> PersistenceConfig.of("jdbc:mysql://localhost/payql?password=hunter2", "u", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:h2:")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void theConfigurationNeverPrintsThePassword() {
    assertThat(PersistenceConfig.of("jdbc:postgresql://db/payql", "payql", "hunter2").toString())
        .doesNotContain("hunter2")
        .contains("password=(set)");
  }
}
