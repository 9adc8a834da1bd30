package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.ports.out.store.StoreUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which SQL failures are "the store cannot serve now" (503, retry later) and which are a fault of
 * PayQL's own SQL: by SQLSTATE class, as both drivers report them, plus H2's own error codes. The
 * same failures caused for real are in {@link StoreFailuresOnPostgresTest} and
 * {@link StoreFailuresOnH2Test}.
 */
class StoreFailuresTest {

  private final StoreFailures postgres = new StoreFailures(Dialect.POSTGRESQL);
  private final StoreFailures h2 = new StoreFailures(Dialect.H2);

  private static RuntimeException failure(String state, int code) {
    return new UnableToExecuteStatementException(new SQLException("failed", state, code), null);
  }

  @ParameterizedTest(name = "SQLSTATE {0}")
  @ValueSource(strings = {
      "08000", "08003", "08006", "08001", // connection exception
      "25006", // read-only transaction: a standby, or a primary demoted by a failover
      "40001", "40P01", // serialization failure, deadlock
      "53000", "53100", "53200", "53300", "53400", // insufficient resources: disk full, memory, connections
      "55P03", "55006", // lock not available, object in use
      "57000", "57014", "57P01", "57P02", "57P03", "57P05", // operator intervention, shutdowns, timeouts
      "58000", "58030", // system error, I/O error
      "XX000", "XX001", "XX002", // internal error, data or index corrupted
      "HYT00", "HYT01"}) // JDBC time-outs
  void aFailureOfTheDatabaseIsStoreUnavailable(String state) {
    assertThat(postgres.translate(failure(state, 0))).isInstanceOf(StoreUnavailableException.class);
  }

  @ParameterizedTest(name = "H2 error {0}")
  @ValueSource(ints = {90020, 90028, 90030, 90031, 90067, 90097, 90098, 90108, 90121, 90131, 90135, 50200})
  void h2sOwnCodesOfAFailingDatabaseAreStoreUnavailable(int code) {
    assertThat(h2.translate(failure(String.valueOf(code), code))).isInstanceOf(StoreUnavailableException.class);
  }

  @ParameterizedTest(name = "SQLSTATE {0}")
  @ValueSource(strings = {"42P01", "42601", "22001", "23502", "23503", "25P02", "0A000"})
  void aFaultOfPayqlsOwnSqlStaysABug(String state) {
    assertThat(postgres.translate(failure(state, 0))).isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(StoreUnavailableException.class);
  }

  @org.junit.jupiter.api.Test
  void aStorageFailureUnderH2sGeneralErrorIsStoreUnavailable() {
    // what H2 2.3 reports when its file cannot be written: code 50000, the IOException as a cause
    SQLException general = new SQLException("General error: Writing to file failed", "HY000", 50000,
        new IllegalStateException("Writing failed", new IOException("No space left on device")));

    assertThat(h2.translate(new UnableToExecuteStatementException(general, null)))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @org.junit.jupiter.api.Test
  void h2sGeneralErrorWithoutAStorageFailureStaysABug() {
    assertThat(h2.translate(failure("HY000", 50000))).isNotInstanceOf(StoreUnavailableException.class);
  }
}
