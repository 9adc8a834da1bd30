package dev.payql.adapter.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the database.
 *
 * @param jdbcUrl {@code jdbc:h2:file:...} (one instance) or {@code jdbc:postgresql://host:port/db}
 *     (several instances); see {@link #h2Url(Path)} for the H2 settings PayQL uses
 * @param user database user
 * @param password database password, may be empty; never printed
 * @param poolSize connections in the pool (HikariCP maximum pool size)
 * @param moduleMigrations Flyway locations of other modules' migrations (for example
 *     {@code classpath:db/marketdata}) applied with the purchases' own, in one history: a module's
 *     tables live in this database, its version numbers are unique across all modules (ADR 0010)
 * @param connectionTimeout how long a caller waits for a pooled connection before the store is
 *     reported unavailable
 * @param queryTimeout deadline of every statement
 */
public record PersistenceConfig(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    List<String> moduleMigrations,
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
    moduleMigrations = List.copyOf(moduleMigrations);
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

  /** The defaults: the H2 file database {@code payql} in {@code dataDirectory}, the purchases' tables only. */
  public static PersistenceConfig h2(Path dataDirectory) {
    return of(h2Url(dataDirectory), DEFAULT_USER, "");
  }

  /** {@code jdbcUrl} with the default pool and timeouts, the purchases' tables only. */
  public static PersistenceConfig of(String jdbcUrl, String user, String password) {
    return new PersistenceConfig(jdbcUrl, user, password, DEFAULT_POOL_SIZE, List.of(), DEFAULT_CONNECTION_TIMEOUT,
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
    return new PersistenceConfig(jdbcUrl, user, password, size, moduleMigrations, connectionTimeout, queryTimeout);
  }

  /** With {@code location}'s migrations applied too (a module's own tables). */
  public PersistenceConfig withModuleMigrations(String location) {
    List<String> all = new java.util.ArrayList<>(moduleMigrations);
    if (!all.contains(location)) {
      all.add(location);
    }
    return new PersistenceConfig(jdbcUrl, user, password, poolSize, all, connectionTimeout, queryTimeout);
  }

  public PersistenceConfig withTimeouts(Duration connection, Duration query) {
    return new PersistenceConfig(jdbcUrl, user, password, poolSize, moduleMigrations, connection, query);
  }

  public Dialect dialect() {
    return Dialect.of(jdbcUrl);
  }

  @Override
  public String toString() {
    return "PersistenceConfig[jdbcUrl=" + Dialect.redacted(jdbcUrl) + ", user=" + user + ", password="
        + (password.isEmpty() ? "(none)" : "(set)") + ", poolSize=" + poolSize + ", moduleMigrations="
        + moduleMigrations + ", connectionTimeout=" + connectionTimeout + ", queryTimeout=" + queryTimeout + "]";
  }
}
