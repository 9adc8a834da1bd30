package dev.payql.app.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the PostgreSQL named by {@code PAYQL_TEST_PG_URL} (scripts/test sets it when a
 * server answers on 127.0.0.1:5432). Skipped without one, except under {@code CI=true}, where a
 * missing PostgreSQL fails: CI must run these tests.
 */
final class PostgresSchema implements AutoCloseable {

  private final String baseUrl;
  private final String name;

  private PostgresSchema(String baseUrl, String name) {
    this.baseUrl = baseUrl;
    this.name = name;
  }

  static PostgresSchema create() {
    String url = System.getenv("PAYQL_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      String how = "set PAYQL_TEST_PG_URL (for example jdbc:postgresql://127.0.0.1:5432/test?user=postgres) to run"
          + " the several-instances tests";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI must run the PostgreSQL tests: " + how);
      }
      Assumptions.abort(how);
    }
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    PostgresSchema schema = new PostgresSchema(url.strip(), "payql_e2e_" + HexFormat.of().formatHex(random));
    schema.execute("CREATE SCHEMA " + schema.name);
    return schema;
  }

  /** The URL every PayQL instance of the test is given: {@code currentSchema} keeps it in this schema. */
  String jdbcUrl() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(baseUrl);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(30);
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL test schema: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }
}
