package dev.payql.app;

import dev.payql.app.config.ConfigurationException;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar payql.jar [--config payql.properties]}. Settings come from that file (or the one
 * {@code PAYQL_CONFIG} names) and {@code PAYQL_*} environment variables, which win.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      Map<String, String> environment = System.getenv();
      Optional<Path> configFile = configFile(args, environment);
      SettingsSource source = SettingsSource.load(configFile, environment);
      PayqlConfig config = PayqlConfig.from(source);
      source.unknownFileKeys().forEach(key -> LOG.warn("unknown setting '{}' in {} is ignored", key, configFile.get()));
      source.unknownEnvironmentVariables().forEach(name -> LOG.warn("unknown environment variable {} is ignored", name));
      LOG.info("starting PayQL: node {}, store {}, data in {}", config.node().getClass().getSimpleName().toLowerCase(),
          config.store(), config.dataDir());
      PayqlApplication app = PayqlApplication.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "payql-shutdown"));
      LOG.info("PayQL is ready on port {}", app.port());
    } catch (ConfigurationException e) {
      System.err.println("PayQL cannot start: " + e.getMessage());
      System.exit(2);
    }
  }

  private static Optional<Path> configFile(String[] args, Map<String, String> environment) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].startsWith("--config=")) {
        return Optional.of(Path.of(args[i].substring("--config=".length())));
      }
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: java -jar payql.jar [--config FILE]   (settings: docs/configuration.md)");
        System.exit(0);
      }
      throw new ConfigurationException("unknown argument '" + args[i] + "'; usage: java -jar payql.jar [--config FILE]");
    }
    return Optional.ofNullable(environment.get("PAYQL_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
  }
}
