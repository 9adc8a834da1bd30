package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.purchase.Purchase;
import dev.payql.ports.out.store.StoreUnavailableException;
import dev.payql.ports.testing.TestPurchases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 failures PayQL does not cause, caused for real: a 503, never a 500. The full disk is {@code FullDiskTest}'s. */
class StoreFailuresOnH2Test {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir
  Path dataDirectory;

  @Test
  void aDatabaseOpenedReadOnlyIsStoreUnavailableForWritesAndStillReads() {
    // what H2 does with a file it cannot write, such as one on a file system remounted read-only
    PersistenceConfig writable = PersistenceConfig.h2(dataDirectory);
    Purchase stored = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    try (Persistence persistence = Persistence.open(writable)) {
      persistence.store().insert(stored);
    }
    PersistenceConfig readOnly = new PersistenceConfig(writable.jdbcUrl() + ";ACCESS_MODE_DATA=r", writable.user(),
        writable.password(), 2, writable.moduleMigrations(), writable.connectionTimeout(), writable.queryTimeout());

    try (Persistence persistence = Persistence.open(readOnly)) {
      // H2 error 90097 DATABASE_IS_READ_ONLY
      assertThatThrownBy(() -> persistence.store().insert(TestPurchases.awaiting(T0, Duration.ofMinutes(10))))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(persistence.store().findByKeyDigest(stored.keyDigest())).isPresent();
    }
  }
}
