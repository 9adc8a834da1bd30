package dev.payql.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link HttpLoadDriver} runs.
 *
 * @param clients concurrent clients, each a virtual thread sending one request (or one cycle) at a time
 * @param measure length of each measured phase
 * @param warmUp length of the unmeasured warm-up of each workload
 * @param maxOperations the most operations one phase may start, whatever its length
 * @param dataDir where PayQL keeps its database; empty for a temporary directory removed at the end
 */
record LoadSettings(int clients, Duration measure, Duration warmUp, long maxOperations, Optional<Path> dataDir) {

  static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.payql.benchmarks.HttpLoadDriver [options]
        --clients C     concurrent clients (default 8, 1..256)
        --seconds N     length of each measured phase (default 10, 1..600)
        --warmup N      unmeasured warm-up per workload, seconds (default 5, 0..600)
        --max-ops M     most operations one phase may start (default 200000)
        --data-dir DIR  keep PayQL's database in DIR and reuse it on the next run (the sample
                        market data then loads only once); default: a temporary directory""";

  LoadSettings {
    if (clients < 1 || clients > 256) {
      throw new IllegalArgumentException("--clients is between 1 and 256, not " + clients);
    }
    if (measure.toSeconds() < 1 || measure.toSeconds() > 600) {
      throw new IllegalArgumentException("--seconds is between 1 and 600, not " + measure.toSeconds());
    }
    if (warmUp.isNegative() || warmUp.toSeconds() > 600) {
      throw new IllegalArgumentException("--warmup is between 0 and 600, not " + warmUp.toSeconds());
    }
    if (maxOperations < 1) {
      throw new IllegalArgumentException("--max-ops is at least 1, not " + maxOperations);
    }
  }

  static LoadSettings defaults() {
    return new LoadSettings(8, Duration.ofSeconds(10), Duration.ofSeconds(5), 200_000, Optional.empty());
  }

  static LoadSettings parse(String... args) {
    LoadSettings settings = defaults();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
      }
      String value = args[++i];
      settings = switch (option) {
        case "--clients" -> new LoadSettings(number(option, value), settings.measure, settings.warmUp,
            settings.maxOperations, settings.dataDir);
        case "--seconds" -> new LoadSettings(settings.clients, Duration.ofSeconds(number(option, value)),
            settings.warmUp, settings.maxOperations, settings.dataDir);
        case "--warmup" -> new LoadSettings(settings.clients, settings.measure, Duration.ofSeconds(number(option, value)),
            settings.maxOperations, settings.dataDir);
        case "--max-ops" -> new LoadSettings(settings.clients, settings.measure, settings.warmUp, number(option, value),
            settings.dataDir);
        case "--data-dir" -> new LoadSettings(settings.clients, settings.measure, settings.warmUp,
            settings.maxOperations, Optional.of(Path.of(value)));
        default -> throw new IllegalArgumentException("unknown option " + option);
      };
    }
    return settings;
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
    }
  }
}
