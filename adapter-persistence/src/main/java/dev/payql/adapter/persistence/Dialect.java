package dev.payql.adapter.persistence;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The databases PayQL runs on, chosen by the JDBC URL. The migrations and every statement are the
 * same SQL on both; what differs is listed here and nowhere else: driver settings and the
 * driver-specific codes of "the database is unreachable or busy".
 */
public enum Dialect {

  /** Embedded, one instance: the default. */
  H2(Map.of(), Set.of(
      90020, // DATABASE_ALREADY_OPEN: the file is locked by another process
      90028, // IO_EXCEPTION_1
      90030, // FILE_CORRUPTED_1
      90031, // IO_EXCEPTION_2
      90067, // CONNECTION_BROKEN
      90097, // DATABASE_IS_READ_ONLY: the file, or its file system, takes no writes
      90098, // DATABASE_IS_CLOSED: after a failed write H2 closes the database
      90108, // OUT_OF_MEMORY
      90121, // DATABASE_CALLED_AT_SHUTDOWN
      90131, // CONCURRENT_UPDATE_1
      90135, // DATABASE_IS_IN_EXCLUSIVE_MODE
      50200, // LOCK_TIMEOUT_1
      57014), // STATEMENT_WAS_CANCELED: the query timeout fired
      Set.of(
      90098, // DATABASE_IS_CLOSED: H2 closed the database under every session, after a failed write
      90121)), // DATABASE_CALLED_AT_SHUTDOWN

  /** Shared by several instances. */
  POSTGRESQL(Map.of(
      // turns JDBC batches into multi-row INSERTs: loading the sample candles is several times faster
      "reWriteBatchedInserts", "true"), Set.of(), Set.of());

  /** What every H2 URL is opened with unless it says otherwise ({@link #connectionUrl}). */
  private static final List<String> H2_SETTINGS = List.of("WRITE_DELAY=0", "MAX_COMPACT_TIME=0");

  private final Map<String, String> dataSourceProperties;
  private final Set<Integer> unavailableErrorCodes;
  private final Set<Integer> goneErrorCodes;

  Dialect(Map<String, String> dataSourceProperties, Set<Integer> unavailableErrorCodes, Set<Integer> goneErrorCodes) {
    this.dataSourceProperties = dataSourceProperties;
    this.unavailableErrorCodes = unavailableErrorCodes;
    this.goneErrorCodes = goneErrorCodes;
  }

  /** The dialect of {@code jdbcUrl}; a clear error for any database PayQL does not support. */
  public static Dialect of(String jdbcUrl) {
    String url = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported store URL (expected jdbc:h2:... or jdbc:postgresql:...): " + redacted(jdbcUrl));
  }

  /**
   * The URL the pool connects with: {@code jdbcUrl} with what PayQL's correctness needs of the
   * database added, unless the URL sets it itself.
   *
   * <p>H2: {@code WRITE_DELAY=0}. H2 2.x otherwise keeps committed transactions in memory for up to
   * 500 ms (its default write delay) and writes them from a background thread, so a process
   * that dies (kill -9, OOM killer, a crash) loses purchases whose commit it had already reported.
   * With 0 the committing thread writes its changes to the file before the commit returns (the
   * MVStore commits on the transaction's end), so a commit that returns is in the operating system's
   * hands. It is not fsynced: see docs/operations.md on power loss.
   *
   * <p>H2: {@code MAX_COMPACT_TIME=0}. H2 2.3.232 compacts the file for up to 200 ms when the last
   * connection closes, and that compaction can move a chunk over a live one: it fails its own
   * assertion and leaves a file the next open refuses ("Double mark"), seen on every close of a
   * database holding the sample data on an idle machine. Without it the file is closed as written;
   * H2 still reclaims space while it runs (ADR 0013).
   */
  public String connectionUrl(String jdbcUrl) {
    if (this != H2) {
      return jdbcUrl;
    }
    String url = jdbcUrl;
    for (String setting : H2_SETTINGS) {
      String name = setting.substring(0, setting.indexOf('=') + 1);
      if (!url.toUpperCase(Locale.ROOT).contains(";" + name)) {
        url += ";" + setting;
      }
    }
    return url;
  }

  /** Driver properties set on every pooled connection. */
  public Map<String, String> dataSourceProperties() {
    return dataSourceProperties;
  }

  /** Whether the driver says, with its own error code, that the database is unreachable or busy. */
  boolean isUnavailable(SQLException e) {
    return unavailableErrorCodes.contains(e.getErrorCode());
  }

  /** Whether the driver says, with its own error code, that the database itself has closed. */
  boolean isGone(SQLException e) {
    return goneErrorCodes.contains(e.getErrorCode());
  }

  /** A URL fit for an error message: query parameters may hold a password, so they are cut. */
  static String redacted(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String head = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    return head.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=…");
  }
}
