package dev.payql.adapter.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on a real H2 behind HikariCP, as the embedded store runs it. The committer is held
 * busy by a first write that waits for the test, so the writes handed in meanwhile are known to
 * wait together; nothing here depends on timing.
 */
class GroupCommitTest {

  private static final int GROUP = 5;

  private HikariDataSource pool;
  private GroupCommit writes;
  private final List<Integer> committedGroups = new CopyOnWriteArrayList<>();
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @BeforeEach
  void open() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:group-commit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    try (Connection connection = pool.getConnection(); Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE rows_written (id INT PRIMARY KEY, version INT NOT NULL)");
    }
    writes = GroupCommit.start(pool, GroupCommit.DEFAULT_MAX_GROUP, committedGroups::add);
  }

  @AfterEach
  void close() {
    callers.shutdownNow();
    writes.close();
    pool.close();
  }

  @Test
  void writesHandedInWhileTheCommitterIsBusyAreAppliedInOneTransactionAndAllDurableOnReturn() throws Exception {
    CountDownLatch release = holdTheCommitter();
    List<Connection> seenOn = new CopyOnWriteArrayList<>();
    List<Boolean> autocommitted = new CopyOnWriteArrayList<>();
    List<Future<Integer>> results = new ArrayList<>();
    for (int id = 1; id <= GROUP; id++) {
      int row = id;
      results.add(callers.submit(() -> writes.run(connection -> {
        seenOn.add(connection);
        autocommitted.add(connection.getAutoCommit());
        return insert(connection, row, 0);
      })));
    }
    awaitWaiting(GROUP);
    release.countDown();

    for (Future<Integer> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(committedGroups).containsExactly(1, GROUP);
    assertThat(seenOn).hasSize(GROUP).allSatisfy(connection -> assertThat(connection).isSameAs(seenOn.getFirst()));
    assertThat(autocommitted).containsOnly(false);
    assertThat(storedIds()).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aLaterWriteOfAGroupSeesTheEarlierOnesSoOfTwoCompareAndSetsOfOneVersionOnlyTheFirstWins() throws Exception {
    writes.run(connection -> insert(connection, 7, 0));
    CountDownLatch release = holdTheCommitter();
    Future<Integer> first = callers.submit(() -> writes.run(connection -> bump(connection, 7, 0)));
    awaitWaiting(1);
    Future<Integer> second = callers.submit(() -> writes.run(connection -> bump(connection, 7, 0)));
    awaitWaiting(2);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(second.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(committedGroups).endsWith(2);
    assertThat(version(7)).isEqualTo(1);
  }

  @Test
  void aWriteThatFailsInAGroupFailsAloneAndEveryOtherWriteOfTheGroupIsCommitted() throws Exception {
    writes.run(connection -> insert(connection, 3, 0));
    CountDownLatch release = holdTheCommitter();
    List<Future<Integer>> results = new ArrayList<>();
    for (int id = 1; id <= GROUP; id++) {
      int row = id; // row 3 is stored already: its insert violates the primary key
      results.add(callers.submit(() -> writes.run(connection -> insert(connection, row, 0))));
      awaitWaiting(id);
    }
    release.countDown();

    for (int i = 0; i < GROUP; i++) {
      Future<Integer> result = results.get(i);
      if (i + 1 == 3) {
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
            .cause().isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
      } else {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      }
    }
    // the group was rolled back and each of its writes ran alone: four commits of one, none for the failed write
    assertThat(committedGroups.subList(2, committedGroups.size())).containsExactly(1, 1, 1, 1);
    assertThat(storedIds()).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aWriteThatThrowsReachesItsCallerAndTheCommitterGoesOn() throws Exception {
    assertThatThrownBy(() -> writes.run(connection -> {
      throw new IllegalArgumentException("a bad value");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("a bad value");

    int inserted = writes.run(connection -> insert(connection, 9, 0));
    assertThat(inserted).isEqualTo(1);
    assertThat(storedIds()).containsExactly(9);
  }

  @Test
  void aWriteIsAnsweredAsCommittedEvenIfCountingItsCommitFails() throws Exception {
    try (GroupCommit counting = GroupCommit.start(pool, GroupCommit.DEFAULT_MAX_GROUP, size -> {
      throw new IllegalStateException("a broken meter");
    })) {
      int inserted = counting.run(connection -> insert(connection, 11, 0));
      assertThat(inserted).isEqualTo(1);
    }
    assertThat(storedIds()).containsExactly(11);
  }

  @Test
  void closingFinishesEveryWriteHandedInBeforeAndRefusesLaterOnesAsAStoreThatCannotServe() throws Exception {
    CountDownLatch release = holdTheCommitter();
    List<Future<Integer>> results = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      int row = id;
      results.add(callers.submit(() -> writes.run(connection -> insert(connection, row, 0))));
      awaitWaiting(id);
    }
    Future<?> closing = callers.submit(writes::close);
    awaitWaiting(4); // the three writes and the committer's order to stop behind them
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);

    for (Future<Integer> result : results) {
      assertThat(result.get()).isEqualTo(1);
    }
    assertThat(storedIds()).containsExactly(0, 1, 2, 3);
    assertThatThrownBy(() -> writes.run(connection -> insert(connection, 4, 0)))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
  }

  /** Hands in a write of row 0 that holds the committer until the returned latch is released. */
  private CountDownLatch holdTheCommitter() throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    callers.submit(() -> writes.run(connection -> {
      holding.countDown();
      awaitUninterruptibly(release);
      return insert(connection, 0, 0);
    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitWaiting(int count) throws InterruptedException {
    for (int i = 0; i < 1_000 && writes.waiting() < count; i++) {
      Thread.sleep(10);
    }
    assertThat(writes.waiting()).isEqualTo(count);
  }

  private static int insert(Connection connection, int id, int version) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rows_written VALUES (?, ?)")) {
      insert.setInt(1, id);
      insert.setInt(2, version);
      return insert.executeUpdate();
    }
  }

  private static int bump(Connection connection, int id, int fromVersion) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE rows_written SET version = ? WHERE id = ? AND version = ?")) {
      update.setInt(1, fromVersion + 1);
      update.setInt(2, id);
      update.setInt(3, fromVersion);
      return update.executeUpdate();
    }
  }

  /** Read on a connection of its own: what is committed. */
  private List<Integer> storedIds() throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection connection = pool.getConnection(); Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id FROM rows_written ORDER BY id")) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    return ids;
  }

  private int version(int id) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT version FROM rows_written WHERE id = ?")) {
      query.setInt(1, id);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getInt(1);
      }
    }
  }
}
