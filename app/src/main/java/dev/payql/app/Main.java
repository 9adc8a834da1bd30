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
 * {@code java -jar payql.jar [--config payql.properties] [import-market-data DIR]}. Settings come
 * from that file (or the one {@code PAYQL_CONFIG} names) and {@code PAYQL_*} environment variables,
 * which win. Without a command it serves; {@code import-market-data} loads the operator's CSV files.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      Arguments arguments = Arguments.parse(args);
      Map<String, String> environment = System.getenv();
      Optional<Path> configFile = arguments.configFile()
          .or(() -> Optional.ofNullable(environment.get("PAYQL_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
      SettingsSource source = SettingsSource.load(configFile, environment);
      PayqlConfig config = PayqlConfig.from(source);
      source.unknownFileKeys().forEach(key -> LOG.warn("unknown setting '{}' in {} is ignored", key, configFile.get()));
      source.unknownEnvironmentVariables().forEach(name -> LOG.warn("unknown environment variable {} is ignored", name));
      if (arguments.importDirectory().isPresent()) {
        System.out.println(PayqlApplication.importMarketData(config, arguments.importDirectory().get()));
        return;
      }
      LOG.info("starting PayQL: node {}, store {}, data in {}", config.node().getClass().getSimpleName().toLowerCase(),
          config.store(), config.dataDir());
      PayqlApplication app = PayqlApplication.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "payql-shutdown"));
      if (app.dataReady()) {
        LOG.info("PayQL is ready on port {}", app.port());
      } else {
        LOG.info("PayQL answers on port {}; market queries wait for the sample data loading meanwhile "
            + "(503 data_loading, /health/ready says when it is done)", app.port());
      }
    } catch (ConfigurationException e) {
      System.err.println("PayQL cannot start: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException e) {
      // an import that failed (a bad line, an unreachable store): say why, import nothing
      System.err.println("PayQL failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /** {@code [--config FILE] [import-market-data DIR]} */
  record Arguments(Optional<Path> configFile, Optional<Path> importDirectory) {

    static final String USAGE = "usage: java -jar payql.jar [--config FILE] [import-market-data DIR]"
        + "   (settings: docs/configuration.md, CSV format: docs/market-data.md)";

    static Arguments parse(String[] args) {
      Optional<Path> config = Optional.empty();
      Optional<Path> importDirectory = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--config") && i + 1 < args.length) {
          config = Optional.of(Path.of(args[++i]));
        } else if (arg.startsWith("--config=")) {
          config = Optional.of(Path.of(arg.substring("--config=".length())));
        } else if (arg.equals("import-market-data") && i + 1 < args.length) {
          importDirectory = Optional.of(Path.of(args[++i]));
        } else if (arg.equals("--help") || arg.equals("-h")) {
          System.out.println(USAGE);
          System.exit(0);
        } else {
          throw new ConfigurationException("unknown argument '" + arg + "'; " + USAGE);
        }
      }
      return new Arguments(config, importDirectory);
    }
  }
}
