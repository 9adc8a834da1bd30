package dev.payql.benchmarks;

import dev.payql.adapter.persistence.Persistence;
import dev.payql.adapter.persistence.PersistenceConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The kind of database one run measures on, and the databases the run creates in it: PayQL's own
 * and the raw inserts' (same kind, same URL settings, same schema from PayQL's migrations, nothing
 * else in it). H2: files in the run's directory. PostgreSQL: fresh schemas on the given server,
 * dropped again when the run ends.
 */
final class BenchDatabases implements AutoCloseable {

  enum Kind {
    H2, POSTGRESQL;

    static Kind parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "h2" -> H2;
        case "postgres", "postgresql" -> POSTGRESQL;
        default -> throw new IllegalArgumentException("--store is h2 or postgres, not " + name);
      };
    }
  }

  private final Kind kind;
  private final Path directory;
  private final String postgresUrl;
  private final String postgresUser;
  private final List<String> schemas = new ArrayList<>();

  /**
   * @param directory where H2 files go
   * @param postgresUrl a PostgreSQL URL without {@code currentSchema}; the user is {@code postgresUser}
   */
  BenchDatabases(Kind kind, Path directory, String postgresUrl, String postgresUser) {
    this.kind = kind;
    this.directory = directory;
    this.postgresUrl = postgresUrl;
    this.postgresUser = postgresUser;
  }

  Kind kind() {
    return kind;
  }

  /** The user every database of the run is made and opened with: PayQL's own default on H2. */
  String user() {
    return kind == Kind.H2 ? PersistenceConfig.DEFAULT_USER : postgresUser;
  }

  /** A new, empty database named {@code name} (an H2 file, or a PostgreSQL schema). */
  String create(String name) throws SQLException {
    if (kind == Kind.H2) {
      return PersistenceConfig.h2Url(directory.resolve(name));
    }
    String schema = "payql_bench_" + name + "_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    try (Connection connection = DriverManager.getConnection(postgresUrl, postgresUser, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    schemas.add(schema);
    return postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A new database holding PayQL's schema, migrated by PayQL itself, without the sample data. */
  String createMigrated(String name) throws SQLException {
    String url = create(name);
    PersistenceConfig config = PersistenceConfig.of(url, user(), "");
    Persistence.open(config).close();
    return url;
  }

  /** Drops the PostgreSQL schemas this run made; H2's files go with the run's directory. */
  @Override
  public void close() throws SQLException {
    if (schemas.isEmpty()) {
      return;
    }
    try (Connection connection = DriverManager.getConnection(postgresUrl, postgresUser, "");
        Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
