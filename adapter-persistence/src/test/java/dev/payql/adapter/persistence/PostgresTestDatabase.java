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
 * A fresh schema on the PostgreSQL that {@code PAYQL_TEST_PG_URL} points at, for one test class:
 * random names keep runs, and parallel runs of the suite, apart. Without the variable the tests
 * are skipped, except under {@code CI=true}, where CI must run them and a missing database fails.
 * Test classes say so with {@link RequiresPostgres}, which reports the skip and its reason.
 */
public final class PostgresTestDatabase implements AutoCloseable {

  public static final String URL_VARIABLE = "PAYQL_TEST_PG_URL";
  static final String HOW_TO_ENABLE = "PostgreSQL tests skipped: set " + URL_VARIABLE
      + " to a PostgreSQL JDBC URL to run them, for example jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String baseUrl;
  private final String schema;

  private PostgresTestDatabase(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
  }

  /** Creates a new schema, or skips (fails on CI) when no PostgreSQL is configured. */
  public static PostgresTestDatabase create() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI must run the PostgreSQL tests, but " + URL_VARIABLE + " is not set");
      }
      Assumptions.abort(HOW_TO_ENABLE);
    }
    String schema = "payql_test_" + HexFormat.of().formatHex(randomBytes());
    PostgresTestDatabase database = new PostgresTestDatabase(url.strip(), schema);
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
    return PersistenceConfig.of(jdbcUrl(), "", "").withLoadSampleData(false);
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
