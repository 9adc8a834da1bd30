package dev.payql.benchmarks;

import dev.payql.app.PayqlApplication;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load driver: starts PayQL in this JVM on its embedded default (simulated node, H2 in a
 * data directory, loopback only, port chosen by the system), then measures in the same run
 * <ol>
 *   <li>the baseline, a free {@code { __typename }} on {@code /graphql}, and</li>
 *   <li>the whole paid cycle: invoice, {@code /dev/pay}, {@code /graphql} with the key,</li>
 * </ol>
 * each with the same number of concurrent clients, after a warm-up of both, in alternating rounds
 * (baseline, cycle, baseline, cycle, ...) so that a shared machine whose load drifts during the
 * run slows both alike. It prints throughput, latency percentiles and the ratio of the cycle to
 * the baseline, overall and per round. Every answer is checked; failures are counted by kind,
 * printed, and make the exit status 1.
 *
 * <p>The clients and the server share the machine's CPUs, as in any single-host run: the ratio is
 * the meaningful figure, the absolute ones describe this machine at this moment.
 */
public final class HttpLoadDriver {

  private static final PrintStream OUT = System.out;

  private HttpLoadDriver() {}

  public static void main(String[] args) throws Exception {
    quietRequestLog();
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(LoadSettings.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(settings) ? 0 : 1);
  }

  /** Runs every phase and prints the report; true when no operation failed. */
  static boolean run(LoadSettings settings) throws InterruptedException, IOException {
    Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path dataDir = settings.dataDir().isPresent() ? settings.dataDir().get() : Files.createTempDirectory("payql-load-");
    progress("starting PayQL in " + dataDir + " (the first start in a directory loads the sample market data)");
    long starting = System.nanoTime();
    List<LoadPhase.Result> warmUps = new ArrayList<>();
    List<LoadPhase.Result> baselineRounds = new ArrayList<>();
    List<LoadPhase.Result> cycleRounds = new ArrayList<>();
    long startup;
    try (PayqlApplication payql = PayqlApplication.start(config(dataDir))) {
      startup = System.nanoTime() - starting;
      PayqlHttp http = new PayqlHttp(payql.port());
      Workload baseline = new FreeIntrospection(http);
      Workload cycle = new PaidCycle(http);
      if (!settings.warmUp().isZero()) {
        progress("warming up, " + settings.warmUp().toSeconds() + " s per workload");
        warmUps.add(LoadPhase.run("warm-up: " + baseline.name(), baseline, settings.clients(), settings.warmUp(),
            settings.maxOperations()));
        warmUps.add(LoadPhase.run("warm-up: " + cycle.name(), cycle, settings.clients(), settings.warmUp(),
            settings.maxOperations()));
      }
      for (int round = 1; round <= settings.rounds(); round++) {
        progress("round " + round + " of " + settings.rounds());
        baselineRounds.add(LoadPhase.run(baseline.name() + " round " + round, baseline, settings.clients(),
            settings.round(), settings.maxOperations()));
        cycleRounds.add(LoadPhase.run(cycle.name() + " round " + round, cycle, settings.clients(), settings.round(),
            settings.maxOperations()));
      }
    } finally {
      if (settings.dataDir().isEmpty()) {
        deleteRecursively(dataDir);
      }
    }
    report(settings, date, startup, warmUps, baselineRounds, cycleRounds);
    return Stream.of(warmUps, baselineRounds, cycleRounds).flatMap(List::stream).allMatch(result -> result.failed() == 0);
  }

  /** Progress goes to standard error, so standard output holds the report alone. */
  private static void progress(String message) {
    System.err.println("load driver: " + message);
  }

  /**
   * PayQL logs one line per request at INFO: thousands of lines a second would bury the report and
   * make the terminal part of the measurement. Unless PAYQL_LOG_LEVEL is set (as a variable or a
   * system property, read by the application's logback.xml), the driver runs with WARN. Must run
   * before anything touches SLF4J.
   */
  private static void quietRequestLog() {
    if (System.getenv("PAYQL_LOG_LEVEL") == null && System.getProperty("PAYQL_LOG_LEVEL") == null) {
      System.setProperty("PAYQL_LOG_LEVEL", "WARN");
    }
  }

  /**
   * The embedded default, reachable on loopback only, without the per-client limits on free work
   * (every simulated client shares 127.0.0.1, and a load needs them off).
   */
  static PayqlConfig config(Path dataDir) {
    return PayqlConfig.from(SettingsSource.load(Optional.empty(), Map.of(
        "PAYQL_HOST", "127.0.0.1",
        "PAYQL_PORT", "0",
        "PAYQL_DATA_DIR", dataDir.toString(),
        "PAYQL_RATE_LIMIT_PER_MINUTE", "0",
        "PAYQL_UNPAID_ATTEMPTS_PER_MINUTE", "0",
        "PAYQL_STATUS_REQUESTS_PER_MINUTE", "0")));
  }

  private static void report(LoadSettings settings, Instant date, long startup, List<LoadPhase.Result> warmUps,
      List<LoadPhase.Result> baselineRounds, List<LoadPhase.Result> cycleRounds) {
    OUT.println();
    OUT.printf("PayQL HTTP load driver, %s, JDK %s (%s), %d CPUs%n", date, Runtime.version(),
        System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors());
    OUT.printf("%d clients; warm-up %d s per workload; measured %d s per workload in %d alternating rounds%n",
        settings.clients(), settings.warmUp().toSeconds(), settings.measure().toSeconds(), settings.rounds());
    OUT.printf("PayQL started in %s (data dir: %s)%n%n", LoadPhase.seconds(startup),
        settings.dataDir().map(Path::toString).orElse("temporary, removed"));

    LoadPhase.Result baseline = LoadPhase.Result.combine(FreeIntrospection.class.getSimpleName(), baselineRounds);
    LoadPhase.Result cycle = LoadPhase.Result.combine(PaidCycle.class.getSimpleName(), cycleRounds);
    OUT.printf("%-24s %8s %9s %8s %8s %8s %8s %7s%n", "workload", "ops", "ops/s", "p50 ms", "p90 ms", "p99 ms",
        "max ms", "failed");
    for (LoadPhase.Result result : List.of(baseline, cycle)) {
      String name = result == baseline ? "baseline { __typename }" : "paid cycle";
      OUT.printf("%-24s %8d %9.1f %s %7d%n", name, result.operations(), result.throughput(),
          percentiles(result.latency()), result.failed());
      result.steps().forEach((step, histogram) -> OUT.printf("  %-22s %8d %9s %s%n", step,
          histogram.getTotalCount(), "", percentiles(histogram)));
    }

    double throughputRatio = cycle.throughput() / baseline.throughput();
    double medianRatio = LatencyHistograms.millis(cycle.latency(), 50) / LatencyHistograms.millis(baseline.latency(), 50);
    OUT.println();
    OUT.printf("ratio paid cycle / baseline: throughput %.3f (one paid cycle costs about %.1f free requests), "
        + "p50 latency x%.1f%n", throughputRatio, 1 / throughputRatio, medianRatio);
    List<Double> roundRatios = new ArrayList<>();
    StringBuilder rounds = new StringBuilder();
    for (int i = 0; i < baselineRounds.size(); i++) {
      double ratio = cycleRounds.get(i).throughput() / baselineRounds.get(i).throughput();
      roundRatios.add(ratio);
      rounds.append(String.format("  %.0f/%.0f", cycleRounds.get(i).throughput(), baselineRounds.get(i).throughput()));
    }
    OUT.printf("per round (cycle ops/s / baseline ops/s):%s%n", rounds);
    OUT.printf("throughput ratio per round: min %.3f, max %.3f%n",
        roundRatios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        roundRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());

    Map<String, Long> failures = new TreeMap<>();
    List<LoadPhase.Result> all = Stream.of(warmUps, baselineRounds, cycleRounds).flatMap(List::stream).toList();
    all.forEach(result -> result.failures().forEach(
        (failure, count) -> failures.merge(result.name() + " | " + failure, count, Long::sum)));
    long checked = all.stream().mapToLong(LoadPhase.Result::operations).sum();
    if (failures.isEmpty()) {
      OUT.printf("failures: none (%d operations checked, warm-up included)%n", checked);
    } else {
      OUT.printf("FAILURES (%d operations checked, warm-up included):%n", checked);
      failures.forEach((failure, count) -> OUT.printf("  %8d  %s%n", count, failure));
    }
  }

  private static String percentiles(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return String.format("%8s %8s %8s %8s", "-", "-", "-", "-");
    }
    return String.format("%8.2f %8.2f %8.2f %8.2f", LatencyHistograms.millis(histogram, 50),
        LatencyHistograms.millis(histogram, 90), LatencyHistograms.millis(histogram, 99),
        histogram.getMaxValue() / 1_000_000.0);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary data directory " + dir, e);
    }
  }
}
