package dev.payql.adapter.persistence;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the PostgreSQL of {@link PostgresTestServer} ({@code PAYQL_TEST_PG_URL}, else an
 * embedded server when not root), for one test class: random names keep runs, and parallel runs of
 * the suite, apart. Without a server the tests are skipped, except under {@code CI=true}, where CI
 * must run them and a missing database fails. Test classes say so with {@link RequiresPostgres},
 * which reports the skip and its reason.
 */
public final class PostgresTestDatabase implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String baseUrl;
  private final String schema;

  private PostgresTestDatabase(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
  }

  /** Creates a new schema, or skips (fails on CI) when no PostgreSQL is available. */
  public static PostgresTestDatabase create() {
    return switch (PostgresTestServer.availability()) {
      case PostgresTestServer.Availability.Running running -> createOn(running.baseUrl());
      case PostgresTestServer.Availability.Missing missing -> {
        if (runsOnCi()) {
          yield fail("CI must run the PostgreSQL tests, but " + missing.reason() + ": "
              + PostgresTestServer.HOW_TO_ENABLE);
        }
        yield Assumptions.abort(missing.message());
      }
    };
  }

  static boolean runsOnCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static PostgresTestDatabase createOn(String baseUrl) {
    String schema = "payql_test_" + HexFormat.of().formatHex(randomBytes());
    PostgresTestDatabase database = new PostgresTestDatabase(baseUrl, schema);
    database.execute("CREATE SCHEMA " + schema);
    return database;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** The URL of this schema: {@code currentSchema} makes it the one Flyway and every query use. */
  public String jdbcUrl() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public PersistenceConfig config() {
    return PersistenceConfig.of(jdbcUrl(), "", "");
  }

  public String schema() {
    return schema;
  }

  /** Runs one statement in this schema. */
  public void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(baseUrl);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(30);
      statement.execute("SET search_path TO " + schema);
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL test database: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
