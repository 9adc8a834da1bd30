package dev.payql.adapter.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.adapter.persistence.Dialect;
import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.domain.purchase.Purchase;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.ports.testing.TestPurchases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store writes back what a reopened H2 file lost. The loss itself is staged behind
 * the store's back (rows deleted or set back to an earlier version through a connection of the
 * test's own), as H2 leaves a file it reopened after a failed write; {@code FullDiskTest} shows the
 * same on a real full disk.
 */
class ReplayingH2StoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration KEY_LIFETIME = Duration.ofDays(30);

  @TempDir
  Path dataDirectory;

  private Persistence persistence;
  private ReplayingH2Store store;

  @BeforeEach
  void open() {
    persistence = Persistence.open(config());
    store = (ReplayingH2Store) persistence.store();
  }

  @AfterEach
  void close() {
    persistence.close();
  }

  private PersistenceConfig config() {
    return PersistenceConfig.h2(dataDirectory);
  }

  @Test
  void confirmedWritesTheReopenedFileLacksAreWrittenBackBeforeAnythingIsServed() throws Exception {
    Purchase unpaid = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store.insert(unpaid);
    Purchase paid = unpaid.markPaid(T0.plusSeconds(1), KEY_LIFETIME).orElseThrow();
    assertThat(store.compareAndSet(paid)).isTrue();
    Purchase executing = paid.claim(T0.plusSeconds(2), Duration.ofSeconds(60));
    assertThat(store.compareAndSet(executing)).isTrue();
    Purchase done = executing.complete("{\"data\":{}}".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(3),
        Duration.ofMinutes(10));
    assertThat(store.compareAndSet(done)).isTrue();
    Purchase second = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store.insert(second);

    // the file as H2 may reopen it: the second purchase gone, the first back at its first version
    try (Connection behind = connection()) {
      execute(behind, "DELETE FROM purchases WHERE key_digest = ?", second.keyDigest().hex());
      execute(behind, "UPDATE purchases SET state = 'AWAITING_PAYMENT', version = 0, paid_at = NULL, "
          + "key_expires_at = NULL, lease_expires_at = NULL, attempts = 0, response_body = NULL, "
          + "replay_until = NULL WHERE key_digest = ?", unpaid.keyDigest().hex());
    }
    store.databaseGone();

    assertThat(store.findByKeyDigest(second.keyDigest())).contains(second);
    Purchase restored = store.findByKeyDigest(unpaid.keyDigest()).orElseThrow();
    assertThat(restored.state()).isEqualTo(PurchaseState.SPENT);
    assertThat(restored).isEqualTo(done);
  }

  @Test
  void aFileThatKeptEverythingIsLeftAsItIs() throws Exception {
    Purchase unpaid = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    store.insert(unpaid);
    Purchase paid = unpaid.markPaid(T0.plusSeconds(1), KEY_LIFETIME).orElseThrow();
    assertThat(store.compareAndSet(paid)).isTrue();
    // a later write the store did not make itself (the replay would not know it) stays as it is
    Purchase claimed = paid.claim(T0.plusSeconds(2), Duration.ofSeconds(60));
    try (Connection behind = connection()) {
      execute(behind, "UPDATE purchases SET state = 'EXECUTING', version = 2, lease_expires_at = key_expires_at "
          + "WHERE key_digest = ?",
          claimed.keyDigest().hex());
    }
    store.databaseGone();

    Purchase stored = store.findByKeyDigest(unpaid.keyDigest()).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.state()).isEqualTo(PurchaseState.EXECUTING);
  }

  @Test
  void theKeptWritesAreBoundedInCountAndInResponseBytesOldestFirstOut() {
    AcknowledgedWrites writes = new AcknowledgedWrites(3, 10);
    Purchase first = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    Purchase second = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    Purchase third = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    Purchase fourth = TestPurchases.awaiting(T0, Duration.ofMinutes(10));
    writes.record(first);
    writes.record(second);
    writes.record(third);
    writes.record(first); // written again: now the latest
    writes.record(fourth);
    assertThat(writes.latest()).containsExactly(third, first, fourth);

    Purchase answered = second.markPaid(T0, KEY_LIFETIME).orElseThrow()
        .claim(T0, Duration.ofSeconds(60))
        .complete(new byte[8], T0, Duration.ofMinutes(10));
    writes.record(answered);
    Purchase answeredToo = third.markPaid(T0, KEY_LIFETIME).orElseThrow()
        .claim(T0, Duration.ofSeconds(60))
        .complete(new byte[8], T0, Duration.ofMinutes(10));
    writes.record(answeredToo);
    assertThat(writes.latest()).as("16 response bytes are over the bound of 10").containsExactly(answeredToo);
  }

  private Connection connection() throws Exception {
    PersistenceConfig config = config();
    return DriverManager.getConnection(Dialect.H2.connectionUrl(config.jdbcUrl()), config.user(), config.password());
  }

  private static void execute(Connection connection, String sql, String keyDigest) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, keyDigest);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }
}
