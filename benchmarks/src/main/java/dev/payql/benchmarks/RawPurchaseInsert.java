package dev.payql.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.payql.adapter.persistence.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The invoice's baseline: one durable INSERT of a purchase-shaped row (an unpaid purchase as
 * {@code /api/invoice} stores it, every column of PayQL's own table, a BOLT11-sized payment
 * request) with plain JDBC, one transaction each, through a pool as large as PayQL's, into the same
 * kind of database with the same URL settings ({@code WRITE_DELAY=0} on H2; synchronous commit on
 * PostgreSQL). No signing, no HTTP: what the store's disk and engine allow one purchase.
 */
final class RawPurchaseInsert implements Workload, AutoCloseable {

  private static final String INSERT = "INSERT INTO purchases (key_digest, fingerprint, payment_hash, payment_request, "
      + "price_msat, price_usd, weight, created_at, invoice_expires_at, state, version, attempts) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_PAYMENT', 0, 0)";
  /** About the length of the simulated node's invoices. */
  private static final String PAYMENT_REQUEST = "lnbcrt" + "q".repeat(300);
  private static final HexFormat HEX = HexFormat.of();

  private final HikariDataSource pool;

  /** @param jdbcUrl a database migrated by PayQL ({@link BenchDatabases#createMigrated}) */
  RawPurchaseInsert(String jdbcUrl, String user, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("raw-insert");
    Dialect dialect = Dialect.of(jdbcUrl);
    config.setJdbcUrl(dialect.connectionUrl(jdbcUrl));
    if (!user.isEmpty()) {
      config.setUsername(user);
    }
    config.setMaximumPoolSize(poolSize);
    dialect.dataSourceProperties().forEach(config::addDataSourceProperty);
    this.pool = new HikariDataSource(config);
  }

  @Override
  public String name() {
    return "raw durable insert";
  }

  @Override
  public String runOnce(StepTimes steps) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, hex());
      insert.setString(2, hex());
      insert.setString(3, hex());
      insert.setString(4, PAYMENT_REQUEST);
      insert.setLong(5, 29_000);
      insert.setBigDecimal(6, new BigDecimal("0.017400000000"));
      insert.setLong(7, 2);
      insert.setObject(8, now);
      insert.setObject(9, now.plusMinutes(10));
      return insert.executeUpdate() == 1 ? null : "insert: no row inserted";
    } catch (SQLException e) {
      return "insert: SQL state " + e.getSQLState();
    }
  }

  /** Rows in the table, read on a fresh connection: what the inserts committed. */
  long committedRows() throws SQLException {
    try (Connection connection = pool.getConnection();
        ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM purchases")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** 32 random bytes in hex: unique keys and hashes, without the cost of a SecureRandom in the baseline. */
  private static String hex() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  @Override
  public void close() {
    pool.close();
  }
}
