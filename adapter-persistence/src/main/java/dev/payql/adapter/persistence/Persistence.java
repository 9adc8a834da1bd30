package dev.payql.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.payql.adapter.persistence.credentials.JdbiRootKeyStore;
import dev.payql.adapter.persistence.store.AcknowledgedWrites;
import dev.payql.adapter.persistence.store.GroupCommit;
import dev.payql.adapter.persistence.store.JdbiPurchaseStore;
import dev.payql.adapter.persistence.store.ReplayingH2Store;
import dev.payql.adapter.persistence.store.Writes;
import dev.payql.ports.out.credentials.RootKeyStore;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.out.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence adapter, opened once by the composition root: a connection pool, the schema
 * brought up to date by the migrations in {@code db/migration} (and those of the modules the
 * configuration names), and the purchase store on top. {@link #close()} finishes the store's
 * writes and closes the pool.
 */
public final class Persistence implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Persistence.class);
  /** The purchases' own migrations. */
  static final String PURCHASE_MIGRATIONS = "classpath:db/migration";

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final StoreFailures failures;
  private final Writes writes;
  private final PurchaseStore store;
  /** Where the sizes of the committed groups go: nowhere until {@link #trackCommitGroups}. */
  private volatile IntConsumer commitGroups = size -> { };

  private Persistence(HikariDataSource dataSource, Jdbi jdbi, StoreFailures failures, Dialect dialect,
      DeadDatabaseEviction eviction, int queryTimeoutSeconds) {
    this.dataSource = dataSource;
    this.jdbi = jdbi;
    this.failures = failures;
    this.writes = writes(dialect, dataSource, size -> commitGroups.accept(size));
    this.store = purchaseStore(dialect,
        new JdbiPurchaseStore(jdbi, dataSource, writes, queryTimeoutSeconds, failures), eviction);
  }

  /**
   * Connects and migrates.
   *
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static Persistence open(PersistenceConfig config) {
    Objects.requireNonNull(config, "config");
    Dialect dialect = config.dialect();
    StoreFailures failures = new StoreFailures(dialect);
    Optional<H2DataFiles> files = dialect == Dialect.H2 ? H2DataFiles.of(config.jdbcUrl()) : Optional.empty();
    files.ifPresent(H2DataFiles::prepareDirectory);
    migrate(config, dialect, failures);
    files.ifPresent(H2DataFiles::restrictFiles);
    DeadDatabaseEviction eviction = new DeadDatabaseEviction(failures);
    HikariDataSource dataSource = pool(config, dialect, "payql-store", eviction);
    eviction.watch(dataSource);
    try {
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      jdbi.registerArgument(new InstantArgumentFactory());
      jdbi.getConfig(SqlStatements.class).setQueryTimeout(Math.toIntExact(config.queryTimeout().toSeconds()));
      Persistence persistence = new Persistence(dataSource, jdbi, failures, dialect, eviction,
          Math.toIntExact(config.queryTimeout().toSeconds()));
      log.info("store open: {} ({})", dialect, Dialect.redacted(config.jdbcUrl()));
      return persistence;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * On H2, group commit (ADR 0041): H2 makes every commit durable with a file write of its own, and
   * it is one process's database, so one committer loses no parallelism. PostgreSQL already shares
   * one WAL flush among concurrent commits, and a transaction of several purchases there would hold
   * row locks that another instance's could wait for in the opposite order.
   */
  private static Writes writes(Dialect dialect, DataSource pool, IntConsumer committedGroups) {
    return dialect == Dialect.H2
        ? GroupCommit.start(pool, GroupCommit.DEFAULT_MAX_GROUP, committedGroups)
        : Writes.eachAlone(pool);
  }

  /** On H2, the store that writes back what a reopened file lost (ADR 0013). */
  private static PurchaseStore purchaseStore(Dialect dialect, JdbiPurchaseStore store, DeadDatabaseEviction eviction) {
    if (dialect != Dialect.H2) {
      return store;
    }
    ReplayingH2Store replaying = new ReplayingH2Store(store, AcknowledgedWrites.withDefaults());
    eviction.onDatabaseGone(replaying::databaseGone);
    return replaying;
  }

  public PurchaseStore store() {
    return store;
  }

  /** Where the sealed root key of the payment credentials is shared. */
  public RootKeyStore rootKeys() {
    return new JdbiRootKeyStore(jdbi, failures);
  }

  /**
   * The pool as JDBI, for a module whose own tables ({@link PersistenceConfig#moduleMigrations()})
   * live in this database; its failures go through {@link #failures()}.
   */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The one translation of this database's failures into the port's exceptions. */
  public StoreFailures failures() {
    return failures;
  }

  /** Whether the database answers now, within the connection timeout: for {@code /health}. */
  public boolean isReachable() {
    try {
      return failures.translate(() -> jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())) == 1;
    } catch (StoreUnavailableException e) {
      return false;
    }
  }

  /**
   * Reports the pool's usage and waits (connections active, idle, pending; acquire, usage and
   * creation times; timeouts) to {@code tracker}, such as HikariCP's own Micrometer binding. Once.
   */
  public void trackPool(MetricsTrackerFactory tracker) {
    dataSource.setMetricsTrackerFactory(tracker);
  }

  /**
   * Tells {@code sizes} how many of the purchase store's writes each commit made durable, from 1 to
   * {@link GroupCommit#DEFAULT_MAX_GROUP}, on H2. PostgreSQL commits each write alone and tells nothing.
   */
  public void trackCommitGroups(IntConsumer sizes) {
    commitGroups = Objects.requireNonNull(sizes, "sizes");
  }

  @Override
  public void close() {
    try {
      writes.close();
    } finally {
      dataSource.close();
    }
  }

  private static HikariDataSource pool(PersistenceConfig config, Dialect dialect, String name,
      DeadDatabaseEviction eviction) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setExceptionOverride(eviction);
    hikari.setJdbcUrl(dialect.connectionUrl(config.jdbcUrl()));
    // an empty user or password is left out, so one given in the URL itself stays in force
    if (!config.user().isEmpty()) {
      hikari.setUsername(config.user());
    }
    if (!config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    hikari.setValidationTimeout(Math.max(250, config.connectionTimeout().toMillis() / 2));
    dialect.dataSourceProperties().forEach(hikari::addDataSourceProperty);
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      // HikariCP's PoolInitializationException: the database did not answer the first connection
      throw new StoreUnavailableException("cannot connect to the store at " + Dialect.redacted(config.jdbcUrl())
          + ": " + rootMessage(e), e);
    }
  }

  /**
   * Flyway takes a lock of its own (an advisory lock on PostgreSQL), so instances starting at once
   * queue. It holds that lock on one connection while it migrates on another, so it gets a pool of
   * two of its own for the time it runs: a store configured with one connection still starts.
   */
  private static void migrate(PersistenceConfig config, Dialect dialect, StoreFailures failures) {
    try (HikariDataSource dataSource = pool(config.withPoolSize(2), dialect, "payql-migration",
        new DeadDatabaseEviction(failures))) {
      List<String> locations = new ArrayList<>();
      locations.add(PURCHASE_MIGRATIONS);
      locations.addAll(config.moduleMigrations());
      var result = Flyway.configure()
          .dataSource(dataSource)
          .locations(locations.toArray(String[]::new))
          // one history for every module: a migration of a module not configured now (the market
          // data's V2 when PayQL runs in proxy mode) stays applied and is not an error (ADR 0010)
          .ignoreMigrationPatterns("*:missing")
          // and a module configured later (market data after proxy mode) applies its older versions
          .outOfOrder(true)
          .load()
          .migrate();
      if (result.migrationsExecuted > 0) {
        log.info("store schema migrated to version {} ({} migrations)", result.targetSchemaVersion,
            result.migrationsExecuted);
      }
    } catch (FlywayException e) {
      RuntimeException translated = failures.translate(new JdbiMigrationFailure(e));
      if (translated instanceof StoreUnavailableException) {
        throw translated;
      }
      throw new IllegalStateException("the store schema could not be migrated: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** Lets a Flyway failure go through the one translation of SQL failures. */
  private static final class JdbiMigrationFailure extends JdbiException {
    JdbiMigrationFailure(FlywayException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
