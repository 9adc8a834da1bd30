package dev.payql.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How {@link HttpLoadDriver} runs.
 *
 * @param clients the numbers of concurrent clients to measure with, one after the other; each
 *     client is a virtual thread sending one request (or one cycle) at a time
 * @param measure measured time of each workload at each number of clients, split into
 *     {@code rounds} alternating rounds
 * @param rounds how many times the measurement goes through every workload, so that a machine
 *     whose load drifts during the run slows the measured and the baseline workloads alike
 * @param warmUp length of the unmeasured warm-up of each workload, once, before the first measurement
 * @param maxOperations the most operations one phase may start, whatever its length
 * @param dataDir where PayQL keeps its H2 database; empty for a temporary directory removed at the end
 * @param store the kind of database PayQL and the raw inserts run on
 * @param postgresUrl the PostgreSQL server (without {@code currentSchema}) when {@code store} is PostgreSQL
 * @param postgresUser its user
 * @param openLoopRates the open-loop schedules, requests a second; empty for none
 * @param openLoopLength how long each open-loop schedule runs
 */
record LoadSettings(List<Integer> clients, Duration measure, int rounds, Duration warmUp, long maxOperations,
    Optional<Path> dataDir, BenchDatabases.Kind store, String postgresUrl, String postgresUser,
    List<Integer> openLoopRates, Duration openLoopLength) {

  static final String USAGE = """
      usage: java -cp benchmarks/target/benchmarks.jar dev.payql.benchmarks.HttpLoadDriver [options]
        --clients C,C   numbers of concurrent clients, measured one after the other (default 1,8,32; each 1..256)
        --seconds N     measured time of each workload per number of clients (default 10, 1..600)
        --rounds R      go through every workload R times, N/R seconds each (default 5, 1..100)
        --warmup N      unmeasured warm-up per workload, seconds, once (default 10, 0..600)
        --max-ops M     most operations one round may start (default 200000)
        --store S       h2 (default) or postgres: PayQL's store and the raw inserts' database
        --pg-url URL    the PostgreSQL server (default jdbc:postgresql://127.0.0.1:5432/test); the
                        run creates its own schemas there and drops them at the end
        --pg-user U     its user (default postgres)
        --open-loop R,R open-loop rates, requests a second (default 200,500,1000; none to skip)
        --open-seconds N  length of each open-loop schedule (default 10, 1..600)
        --data-dir DIR  H2 only: keep PayQL's database in DIR and reuse it on the next run (the
                        sample market data then loads only once); default: a temporary directory""";

  LoadSettings {
    clients = List.copyOf(clients);
    openLoopRates = List.copyOf(openLoopRates);
    if (clients.isEmpty() || clients.stream().anyMatch(count -> count < 1 || count > 256)) {
      throw new IllegalArgumentException("--clients are between 1 and 256, not " + clients);
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
    if (openLoopRates.stream().anyMatch(rate -> rate < 1 || rate > 100_000)) {
      throw new IllegalArgumentException("--open-loop rates are between 1 and 100000 a second, not " + openLoopRates);
    }
    if (openLoopLength.toSeconds() < 1 || openLoopLength.toSeconds() > 600) {
      throw new IllegalArgumentException("--open-seconds is between 1 and 600, not " + openLoopLength.toSeconds());
    }
    if (dataDir.isPresent() && store != BenchDatabases.Kind.H2) {
      throw new IllegalArgumentException("--data-dir keeps an H2 database; with --store postgres the run uses fresh schemas");
    }
  }

  static LoadSettings defaults() {
    return new LoadSettings(List.of(1, 8, 32), Duration.ofSeconds(10), 5, Duration.ofSeconds(10), 200_000,
        Optional.empty(), BenchDatabases.Kind.H2, "jdbc:postgresql://127.0.0.1:5432/test", "postgres",
        List.of(200, 500, 1_000), Duration.ofSeconds(10));
  }

  Duration round() {
    return measure.dividedBy(rounds);
  }

  /** Reads the options in any order; the whole is checked once all are read. */
  static LoadSettings parse(String... args) {
    LoadSettings defaults = defaults();
    List<Integer> clients = defaults.clients;
    Duration measure = defaults.measure;
    int rounds = defaults.rounds;
    Duration warmUp = defaults.warmUp;
    long maxOperations = defaults.maxOperations;
    Optional<Path> dataDir = defaults.dataDir;
    BenchDatabases.Kind store = defaults.store;
    String postgresUrl = defaults.postgresUrl;
    String postgresUser = defaults.postgresUser;
    List<Integer> openLoopRates = defaults.openLoopRates;
    Duration openLoopLength = defaults.openLoopLength;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--clients" -> clients = numbers(option, value);
        case "--seconds" -> measure = Duration.ofSeconds(number(option, value));
        case "--rounds" -> rounds = number(option, value);
        case "--warmup" -> warmUp = Duration.ofSeconds(number(option, value));
        case "--max-ops" -> maxOperations = number(option, value);
        case "--data-dir" -> dataDir = Optional.of(Path.of(value));
        case "--store" -> store = BenchDatabases.Kind.parse(value);
        case "--pg-url" -> postgresUrl = value;
        case "--pg-user" -> postgresUser = value;
        case "--open-loop" -> openLoopRates = value.equals("none") ? List.of() : numbers(option, value);
        case "--open-seconds" -> openLoopLength = Duration.ofSeconds(number(option, value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return new LoadSettings(clients, measure, rounds, warmUp, maxOperations, dataDir, store, postgresUrl,
        postgresUser, openLoopRates, openLoopLength);
  }

  private static List<Integer> numbers(String option, String value) {
    return Arrays.stream(value.split(",")).map(String::strip).map(part -> number(option, part)).toList();
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
    }
  }
}
