package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.ports.testing.TestPurchases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL failures PayQL does not cause, caused for real: each is a 503 (the store cannot
 * serve now), never a 500, and the store serves again once the cause is gone.
 */
@RequiresPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreFailuresOnPostgresTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private PostgresTestDatabase database;

  @BeforeAll
  void createSchema() {
    database = PostgresTestDatabase.create();
    Persistence.open(database.config()).close(); // migrates
  }

  @AfterAll
  void dropSchema() {
    if (database != null) {
      database.close();
    }
  }

  /** This schema's URL with server settings for the session, as an operator could set them. */
  private PersistenceConfig withSessionSettings(String settings) {
    String options = "&options=" + settings.replace(" ", "%20").replace("=", "%3D");
    return PersistenceConfig.of(database.jdbcUrl() + options, "", "");
  }

  @Test
  void aRowLockedLongerThanTheLockTimeoutIsStoreUnavailable() throws Exception {
    try (Persistence persistence = Persistence.open(withSessionSettings("-c lock_timeout=200"))) {
      Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
      persistence.store().insert(purchase);
      try (Connection other = DriverManager.getConnection(database.jdbcUrl())) {
        other.setAutoCommit(false);
        try (Statement lock = other.createStatement()) {
          lock.execute("SELECT 1 FROM purchases WHERE key_digest = '" + purchase.keyDigest().hex() + "' FOR UPDATE");
        }

        // SQLSTATE 55P03 lock_not_available
        assertThatThrownBy(() -> persistence.store().compareAndSet(purchase.markPaid(T0, Duration.ofDays(1)).orElseThrow()))
            .isInstanceOf(StoreUnavailableException.class);
        other.rollback();
      }
      assertThat(persistence.store().compareAndSet(purchase.markPaid(T0, Duration.ofDays(1)).orElseThrow())).isTrue();
    }
  }

  @Test
  void aDatabaseThatTakesNoWritesIsStoreUnavailable() {
    // a standby, or a primary a failover demoted: SQLSTATE 25006 read_only_sql_transaction
    try (Persistence persistence = Persistence.open(withSessionSettings("-c default_transaction_read_only=on"))) {
      Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));

      assertThatThrownBy(() -> persistence.store().insert(purchase)).isInstanceOf(StoreUnavailableException.class);
      assertThat(persistence.store().findByKeyDigest(purchase.keyDigest())).isEmpty();
    }
  }

  @Test
  void aStoreOfOneConnectionOpens() {
    // Flyway needs two connections at once: it used to wait for the second one until it timed out
    try (Persistence persistence = Persistence.open(database.config().withPoolSize(1))) {
      assertThat(persistence.isReachable()).isTrue();
    }
  }

  @Test
  void aConnectionTheServerTerminatedIsStoreUnavailableOnceAndThenReplaced() throws Exception {
    String applicationName = "payql-test-" + UUID.randomUUID();
    PersistenceConfig config = PersistenceConfig.of(database.jdbcUrl() + "&ApplicationName=" + applicationName, "", "")
        .withPoolSize(1);
    try (Persistence persistence = Persistence.open(config)) {
      Purchase purchase = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
      persistence.store().insert(purchase);
      try (Connection admin = DriverManager.getConnection(database.jdbcUrl());
          Statement terminate = admin.createStatement()) {
        // SQLSTATE 57P01 admin_shutdown, as in a restart of the server; only this test's own session
        terminate.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
            + applicationName + "'");
      }

      assertThatThrownBy(() -> persistence.store().findByKeyDigest(purchase.keyDigest()))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(persistence.store().findByKeyDigest(purchase.keyDigest())).isPresent();
    }
  }
}
