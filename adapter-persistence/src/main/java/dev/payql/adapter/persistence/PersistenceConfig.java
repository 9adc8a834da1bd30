package dev.payql.adapter.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database.
 *
 * @param jdbcUrl {@code jdbc:h2:file:...} (one instance) or {@code jdbc:postgresql://host:port/db}
 *     (several instances); see {@link #h2Url(Path)} for the H2 settings PayQL uses
 * @param user database user
 * @param password database password, may be empty; never printed
 * @param poolSize connections in the pool (HikariCP maximum pool size)
 * @param loadSampleData whether to load the bundled sample market data on first start
 * @param connectionTimeout how long a caller waits for a pooled connection before the store is
 *     reported unavailable
 * @param queryTimeout deadline of every statement
 */
public record PersistenceConfig(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    boolean loadSampleData,
    Duration connectionTimeout,
    Duration queryTimeout) {

  public static final String DEFAULT_USER = "payql";
  public static final int DEFAULT_POOL_SIZE = 10;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

  public PersistenceConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Dialect.of(jdbcUrl);
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("the pool size must be between 1 and 1000, not " + poolSize);
    }
    // HikariCP refuses connection timeouts under 250 ms
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("the connection timeout must be at least 250 ms");
    }
    if (queryTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("the query timeout must be at least 1 s (JDBC counts whole seconds)");
    }
  }

  /** The defaults: the H2 file database {@code payql} in {@code dataDirectory}, sample data on. */
  public static PersistenceConfig h2(Path dataDirectory) {
    return of(h2Url(dataDirectory), DEFAULT_USER, "");
  }

  /** {@code jdbcUrl} with the default pool, timeouts and sample data on. */
  public static PersistenceConfig of(String jdbcUrl, String user, String password) {
    return new PersistenceConfig(jdbcUrl, user, password, DEFAULT_POOL_SIZE, true, DEFAULT_CONNECTION_TIMEOUT,
        DEFAULT_QUERY_TIMEOUT);
  }

  /**
   * The H2 URL of the database file {@code payql.mv.db} in {@code dataDirectory}: PostgreSQL
   * compatibility mode with lower-case identifiers and PostgreSQL's NULL ordering, so the one set
   * of SQL behaves alike on both, and a lock timeout of 10 s instead of H2's 1 s so writers queue
   * behind a long transaction (the first load of the sample data) instead of failing. Every H2 URL
   * also gets {@code WRITE_DELAY=0} and {@code MAX_COMPACT_TIME=0} when it is opened ({@link Dialect#connectionUrl}).
   */
  public static String h2Url(Path dataDirectory) {
    String path = dataDirectory.toAbsolutePath().normalize().resolve("payql").toString().replace('\\', '/');
    return "jdbc:h2:file:" + path
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
  }

  public PersistenceConfig withPoolSize(int size) {
    return new PersistenceConfig(jdbcUrl, user, password, size, loadSampleData, connectionTimeout, queryTimeout);
  }

  public PersistenceConfig withLoadSampleData(boolean load) {
    return new PersistenceConfig(jdbcUrl, user, password, poolSize, load, connectionTimeout, queryTimeout);
  }

  public PersistenceConfig withTimeouts(Duration connection, Duration query) {
    return new PersistenceConfig(jdbcUrl, user, password, poolSize, loadSampleData, connection, query);
  }

  public Dialect dialect() {
    return Dialect.of(jdbcUrl);
  }

  @Override
  public String toString() {
    return "PersistenceConfig[jdbcUrl=" + Dialect.redacted(jdbcUrl) + ", user=" + user + ", password="
        + (password.isEmpty() ? "(none)" : "(set)") + ", poolSize=" + poolSize + ", loadSampleData="
        + loadSampleData + ", connectionTimeout=" + connectionTimeout + ", queryTimeout=" + queryTimeout + "]";
  }
}
