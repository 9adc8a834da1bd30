package dev.payql.faults.server;

import dev.payql.app.PayqlApplication;
import dev.payql.app.config.ConfigurationException;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * PayQL as {@code java -jar payql.jar} serves it, configured from the same {@code PAYQL_*}
 * environment, with one difference: its query engine is wrapped in a {@link CountingEngine}. The
 * fault tests start it as {@code java -cp payql.jar:<these classes> dev.payql.faults.server.CountedPayql}:
 * every other class comes from the runnable jar. PayQL's own code has no test switch for this
 * (ADR 0023); the composition root already accepts an engine decorator for tests.
 *
 * <p>System properties: {@code payql.fault.executionLog} (required) and
 * {@code payql.fault.executionDelay} (an ISO-8601 duration, default none).
 */
public final class CountedPayql {

  private CountedPayql() {}

  public static void main(String[] args) {
    ExecutionLog log = ExecutionLog.open(Path.of(System.getProperty("payql.fault.executionLog")));
    Duration delay = Duration.parse(System.getProperty("payql.fault.executionDelay", "PT0S"));
    log.started(Instant.now());
    try {
      PayqlConfig config = PayqlConfig.from(SettingsSource.load(Optional.empty(), System.getenv()));
      PayqlApplication app = PayqlApplication.start(config, Clock.systemUTC(),
          PayqlApplication.Overrides.none().withEngine(engine -> new CountingEngine(engine, log, delay)));
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "payql-shutdown"));
    } catch (ConfigurationException e) {
      System.err.println("PayQL cannot start: " + e.getMessage());
      System.exit(2);
    }
  }
}
