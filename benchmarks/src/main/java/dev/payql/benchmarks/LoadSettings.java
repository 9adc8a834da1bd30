package dev.payql.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link HttpLoadDriver} runs.
 *
 * @param clients concurrent clients, each a virtual thread sending one request (or one cycle) at a time
 * @param measure measured time of each workload, split into {@code rounds} alternating rounds
 * @param rounds how many times the measurement alternates between the baseline and the cycle, so
 *     that a machine whose load drifts during the run slows both alike
 * @param warmUp length of the unmeasured warm-up of each workload
 * @param maxOperations the most operations one phase may start, whatever its length
 * @param dataDir where PayQL keeps its database; empty for a temporary directory removed at the end
 */
record LoadSettings(int clients, Duration measure, int rounds, Duration warmUp, long maxOperations,
    Optional<Path> dataDir) {

  static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.payql.benchmarks.HttpLoadDriver [options]
        --clients C     concurrent clients (default 8, 1..256)
        --seconds N     measured time of each workload (default 10, 1..600)
        --rounds R      alternate baseline and cycle R times, N/R seconds each (default 5, 1..100)
        --warmup N      unmeasured warm-up per workload, seconds (default 20, 0..600)
        --max-ops M     most operations one round may start (default 200000)
        --data-dir DIR  keep PayQL's database in DIR and reuse it on the next run (the sample
                        market data then loads only once); default: a temporary directory""";

  LoadSettings {
    if (clients < 1 || clients > 256) {
      throw new IllegalArgumentException("--clients is between 1 and 256, not " + clients);
    }
    if (measure.toSeconds() < 1 || measure.toSeconds() > 600) {
      throw new IllegalArgumentException("--seconds is between 1 and 600, not " + measure.toSeconds());
    }
    if (rounds < 1 || rounds > 100) {
      throw new IllegalArgumentException("--rounds is between 1 and 100, not " + rounds);
    }
    if (measure.dividedBy(rounds).toMillis() < 500) {
      throw new IllegalArgumentException("a round of " + measure.toSeconds() + " s / " + rounds
          + " is too short to mean anything; use at least half a second per round");
    }
    if (warmUp.isNegative() || warmUp.toSeconds() > 600) {
      throw new IllegalArgumentException("--warmup is between 0 and 600, not " + warmUp.toSeconds());
    }
    if (maxOperations < 1) {
      throw new IllegalArgumentException("--max-ops is at least 1, not " + maxOperations);
    }
  }

  static LoadSettings defaults() {
    return new LoadSettings(8, Duration.ofSeconds(10), 5, Duration.ofSeconds(20), 200_000, Optional.empty());
  }

  Duration round() {
    return measure.dividedBy(rounds);
  }

  /** Reads the options in any order; the whole is checked once all are read. */
  static LoadSettings parse(String... args) {
    LoadSettings defaults = defaults();
    int clients = defaults.clients;
    Duration measure = defaults.measure;
    int rounds = defaults.rounds;
    Duration warmUp = defaults.warmUp;
    long maxOperations = defaults.maxOperations;
    Optional<Path> dataDir = defaults.dataDir;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--clients" -> clients = number(option, value);
        case "--seconds" -> measure = Duration.ofSeconds(number(option, value));
        case "--rounds" -> rounds = number(option, value);
        case "--warmup" -> warmUp = Duration.ofSeconds(number(option, value));
        case "--max-ops" -> maxOperations = number(option, value);
        case "--data-dir" -> dataDir = Optional.of(Path.of(value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return new LoadSettings(clients, measure, rounds, warmUp, maxOperations, dataDir);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
    }
  }
}
