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
 *   <li>and the baseline once more, so drift on a shared machine shows instead of skewing the ratio,</li>
 * </ol>
 * each with the same number of concurrent clients for the same time, after a warm-up of both.
 * It prints throughput, latency percentiles and the ratio of the cycle to the baseline. Every
 * answer is checked; failures are counted by kind, printed, and make the exit status 1.
 *
 * <p>The client and the server share the machine's CPUs, as they do in any single-host run: the
 * ratio is the meaningful figure, the absolute ones describe this machine at this moment.
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
    Path dataDir = settings.dataDir().orElse(Files.createTempDirectory("payql-load-"));
    long starting = System.nanoTime();
    List<LoadPhase.Result> warmUps = new ArrayList<>();
    List<LoadPhase.Result> measured = new ArrayList<>();
    long startup;
    try (PayqlApplication payql = PayqlApplication.start(config(dataDir))) {
      startup = System.nanoTime() - starting;
      PayqlHttp http = new PayqlHttp(payql.port());
      Workload baseline = new FreeIntrospection(http);
      Workload cycle = new PaidCycle(http);
      if (!settings.warmUp().isZero()) {
        warmUps.add(LoadPhase.run("warm-up: " + baseline.name(), baseline, settings.clients(), settings.warmUp(),
            settings.maxOperations()));
        warmUps.add(LoadPhase.run("warm-up: " + cycle.name(), cycle, settings.clients(), settings.warmUp(),
            settings.maxOperations()));
      }
      measured.add(LoadPhase.run(baseline.name() + " #1", baseline, settings.clients(), settings.measure(),
          settings.maxOperations()));
      measured.add(LoadPhase.run(cycle.name(), cycle, settings.clients(), settings.measure(), settings.maxOperations()));
      measured.add(LoadPhase.run(baseline.name() + " #2", baseline, settings.clients(), settings.measure(),
          settings.maxOperations()));
    } finally {
      if (settings.dataDir().isEmpty()) {
        deleteRecursively(dataDir);
      }
    }
    report(settings, date, startup, warmUps, measured);
    return Stream.concat(warmUps.stream(), measured.stream()).allMatch(result -> result.failed() == 0);
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

  /** The embedded default, reachable on loopback only, without the invoice rate limit a load needs off. */
  static PayqlConfig config(Path dataDir) {
    return PayqlConfig.from(SettingsSource.load(Optional.empty(), Map.of(
        "PAYQL_HOST", "127.0.0.1",
        "PAYQL_PORT", "0",
        "PAYQL_DATA_DIR", dataDir.toString(),
        "PAYQL_RATE_LIMIT_PER_MINUTE", "0")));
  }

  private static void report(LoadSettings settings, Instant date, long startup, List<LoadPhase.Result> warmUps,
      List<LoadPhase.Result> measured) {
    OUT.println();
    OUT.printf("PayQL HTTP load driver, %s, JDK %s (%s), %d CPUs, %d clients, %d s per phase, warm-up %d s%n",
        date, Runtime.version(), System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
        settings.clients(), settings.measure().toSeconds(), settings.warmUp().toSeconds());
    OUT.printf("PayQL started in %s (data dir: %s)%n%n", LoadPhase.seconds(startup),
        settings.dataDir().map(Path::toString).orElse("temporary, removed"));
    OUT.printf("%-26s %8s %9s %8s %8s %8s %8s %7s%n", "phase", "ops", "ops/s", "p50 ms", "p90 ms", "p99 ms",
        "max ms", "failed");
    for (LoadPhase.Result result : measured) {
      OUT.printf("%-26s %8d %9.1f %s %7d%n", result.name(), result.operations(), result.throughput(),
          percentiles(result.latency()), result.failed());
      result.steps().forEach((step, histogram) -> OUT.printf("  %-24s %8d %9s %s%n", step,
          histogram.getTotalCount(), "", percentiles(histogram)));
    }

    LoadPhase.Result first = measured.get(0);
    LoadPhase.Result cycle = measured.get(1);
    LoadPhase.Result second = measured.get(2);
    double baselineThroughput = (first.throughput() + second.throughput()) / 2;
    double baselineMedian = (LatencyHistograms.millis(first.latency(), 50) + LatencyHistograms.millis(second.latency(), 50)) / 2;
    double drift = Math.abs(first.throughput() - second.throughput()) / baselineThroughput;
    OUT.println();
    OUT.printf("baseline (mean of #1 and #2): %.1f ops/s, p50 %.2f ms; the two runs differ by %.0f%%%n",
        baselineThroughput, baselineMedian, drift * 100);
    OUT.printf("ratio paid cycle / baseline: throughput %.3f (one paid cycle costs about %.1f free requests), "
            + "p50 latency x%.1f%n",
        cycle.throughput() / baselineThroughput, baselineThroughput / cycle.throughput(),
        LatencyHistograms.millis(cycle.latency(), 50) / baselineMedian);

    Map<String, Long> failures = new TreeMap<>();
    Stream.concat(warmUps.stream(), measured.stream()).forEach(result -> result.failures().forEach(
        (failure, count) -> failures.merge(result.name() + " | " + failure, count, Long::sum)));
    long checked = Stream.concat(warmUps.stream(), measured.stream()).mapToLong(LoadPhase.Result::operations).sum();
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
