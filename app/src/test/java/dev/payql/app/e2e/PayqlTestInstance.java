package dev.payql.app.e2e;

import dev.payql.app.PayqlApplication;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import dev.payql.ports.out.query.QueryEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Starts the real application, over real HTTP, on its embedded default (simulated node, H2) in a
 * data directory of the test's.
 *
 * <p>Loading the bundled sample market data (352,800 candles) takes long enough to matter, so it
 * happens once per test JVM into a template database that each instance starts from a copy of.
 * The copy is the same file a first start would have produced.
 */
public final class PayqlTestInstance implements AutoCloseable {

  private static Path template;

  private final PayqlApplication app;
  private final Path dataDir;

  private PayqlTestInstance(PayqlApplication app, Path dataDir) {
    this.app = app;
    this.dataDir = dataDir;
  }

  /** An instance that judges time by its store's clock, as in production. */
  public static PayqlTestInstance start(Path dataDir, Map<String, String> settings) {
    return startWith(dataDir, settings, Clock.systemUTC(), PayqlApplication.Overrides.none());
  }

  /** An instance that judges time by {@code clock}, which the test moves. */
  public static PayqlTestInstance start(Path dataDir, Map<String, String> settings, Clock clock,
      UnaryOperator<QueryEngine> engine) {
    return start(dataDir, settings, clock, PayqlApplication.Overrides.none().withEngine(engine));
  }

  /** An instance that judges time by {@code clock}, which the test moves. */
  public static PayqlTestInstance start(Path dataDir, Map<String, String> settings, Clock clock,
      PayqlApplication.Overrides overrides) {
    return startWith(dataDir, settings, clock, overrides.withTime(clock));
  }

  /** An instance whose machine's clock is {@code localClock}; time is the store's unless {@code overrides} say. */
  public static PayqlTestInstance startWith(Path dataDir, Map<String, String> settings, Clock localClock,
      PayqlApplication.Overrides overrides) {
    if (!settings.containsKey("PAYQL_STORE_URL")) {
      seedFromTemplate(dataDir);
    }
    return new PayqlTestInstance(PayqlApplication.start(config(dataDir, settings), localClock, overrides), dataDir);
  }

  /** The configuration an instance in {@code dataDir} would get, with {@code settings} as PAYQL_* variables. */
  public static PayqlConfig config(Path dataDir, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PAYQL_PORT", "0");
    environment.put("PAYQL_HOST", "127.0.0.1");
    environment.put("PAYQL_DATA_DIR", dataDir.toString());
    // the tests' buyers all share 127.0.0.1: the limits on free work are tested on their own
    environment.put("PAYQL_RATE_LIMIT_PER_MINUTE", "0");
    environment.put("PAYQL_UNPAID_ATTEMPTS_PER_MINUTE", "0");
    environment.put("PAYQL_STATUS_REQUESTS_PER_MINUTE", "0");
    environment.put("PAYQL_LONG_POLLS_PER_CLIENT", "1000");
    environment.putAll(settings);
    return PayqlConfig.from(SettingsSource.load(Optional.empty(), environment));
  }

  private static synchronized void seedFromTemplate(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(dataDir.resolve("payql.mv.db"))) {
        return; // a restart: keep what the earlier instance wrote
      }
      if (template == null) {
        Path dir = Files.createTempDirectory("payql-template");
        try (PayqlApplication loader = PayqlApplication.start(config(dir, Map.of()))) {
          // starting once migrates the schema and loads the sample data, in the background
          if (!loader.awaitDataReady(Duration.ofMinutes(10))) {
            throw new IllegalStateException("the sample data did not load into the template database");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        template = dir.resolve("payql.mv.db");
      }
      Files.copy(template, dataDir.resolve("payql.mv.db"), StandardCopyOption.REPLACE_EXISTING);
      // the database's credential root key is sealed under the secret made beside it: copied together
      Files.copy(template.resolveSibling("credentials.secret"), dataDir.resolve("credentials.secret"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public PayqlApplication app() {
    return app;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  public Buyer buyer() {
    return new Buyer(baseUrl());
  }

  @Override
  public void close() {
    app.close();
  }
}
