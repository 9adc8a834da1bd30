package dev.payql.benchmarks;

import dev.payql.adapter.persistence.PersistenceConfig;
import dev.payql.app.PayqlApplication;
import dev.payql.app.config.PayqlConfig;
import dev.payql.app.config.SettingsSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load driver: PayQL on its embedded default (simulated node; H2 or PostgreSQL), a bare
 * Javalin + graphql-java server answering the same query from a map, and a raw JDBC insert into a
 * database of the same kind, all in this JVM and on loopback only. For each number of clients it
 * goes through every workload in alternating rounds, so a shared machine whose load drifts slows
 * the measured and the baseline workloads alike:
 * <ol>
 *   <li>bare graphql-java: the baseline of everything sent to {@code /graphql};</li>
 *   <li>free {@code { __typename }} through PayQL: its HTTP layer without a purchase;</li>
 *   <li>paid redemption of a key paid before the phase, unmeasured;</li>
 *   <li>the whole paid cycle: invoice, {@code /dev/pay}, redemption;</li>
 *   <li>raw durable insert of a purchase-shaped row: the baseline of the invoice;</li>
 *   <li>invoice.</li>
 * </ol>
 * Then the open loop: bare, raw insert and invoice on a fixed schedule at each rate, latency from
 * the intended send time. Every answer is checked; failures are counted by kind, printed, and make
 * the exit status 1. Each figure is reported beside, and as a ratio to, its baseline of the same run.
 */
public final class HttpLoadDriver {

  private static final PrintStream OUT = System.out;
  /** Clients that buy and pay the keys a redemption phase redeems (unmeasured). */
  private static final int PREPARING_CLIENTS = 16;
  /** The most keys paid for one redemption phase; the phase ends early if they run out. */
  private static final int MAX_KEYS_PER_PHASE = 30_000;
  /** At most this many open-loop requests are in flight; more count as failures, not as sent. */
  private static final int OPEN_LOOP_IN_FLIGHT = 2_000;

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

  /** The workloads of one run, and which one each is measured against (itself for a baseline). */
  private record Workloads(PayqlHttp payql, BareQuery bare, FreeIntrospection free, PaidRedemption redemption,
      PaidCycle cycle, RawPurchaseInsert raw, InvoiceIssue invoice) {

    List<Workload> inOrder() {
      return List.of(bare, free, redemption, cycle, raw, invoice);
    }

    Workload baselineOf(Workload workload) {
      return workload == raw || workload == invoice ? raw : bare;
    }

    /** Whether {@code workload} writes PayQL's purchases, so that the store's commits say something of it. */
    boolean writesPurchases(Workload workload) {
      return workload == redemption || workload == cycle || workload == invoice;
    }
  }

  /**
   * One number of clients: every workload's rounds, the store's commits during each workload, and
   * the machine's load before and after.
   */
  private record ClientsResult(int clients, Map<Workload, List<LoadPhase.Result>> rounds,
      Map<Workload, CommitGrouping> commits, String loadBefore, String loadAfter) {}

  /** Runs every phase and prints the report; true when no operation failed. */
  static boolean run(LoadSettings settings) throws InterruptedException, IOException {
    Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path runDir = Files.createTempDirectory("payql-load-");
    Path payqlDir = settings.dataDir().orElse(runDir.resolve("payql"));
    String loadAtStart = loadAverage();
    List<LoadPhase.Result> unmeasured = new ArrayList<>();
    List<ClientsResult> closedLoop = new ArrayList<>();
    List<OpenLoopPhase.Result> openLoop = new ArrayList<>();
    long startup;
    long dataReady;
    try (BenchDatabases databases = new BenchDatabases(settings.store(), runDir, settings.postgresUrl(),
        settings.postgresUser()); BareGraphqlServer bareServer = BareGraphqlServer.start()) {
      String rawUrl = databases.createMigrated("raw");
      Optional<String> payqlStore = settings.store() == BenchDatabases.Kind.H2
          ? Optional.empty() : Optional.of(databases.create("payql"));
      progress("starting PayQL on " + settings.store() + " (a first start then loads the sample market data)");
      long starting = System.nanoTime();
      try (PayqlApplication payql = PayqlApplication.start(config(payqlDir, payqlStore, databases.user()));
          RawPurchaseInsert raw = new RawPurchaseInsert(rawUrl, databases.user(), PersistenceConfig.DEFAULT_POOL_SIZE)) {
        startup = System.nanoTime() - starting;
        // PayQL answers at once; the sample data of a first start loads meanwhile (/health/ready)
        if (!payql.awaitDataReady(Duration.ofMinutes(30))) {
          throw new IllegalStateException("the sample market data did not load within 30 minutes");
        }
        dataReady = System.nanoTime() - starting;
        PayqlHttp http = new PayqlHttp(payql.port());
        Workloads workloads = new Workloads(http, new BareQuery(new PayqlHttp(bareServer.port())), new FreeIntrospection(http),
            new PaidRedemption(http), new PaidCycle(http), raw, new InvoiceIssue(http));
        Map<Workload, Double> rates = new HashMap<>();
        if (!settings.warmUp().isZero()) {
          progress("warming up, " + settings.warmUp().toSeconds() + " s per workload");
          for (Workload workload : workloads.inOrder()) {
            LoadPhase.Result warm = phase(workloads, workload, "warm-up: " + workload.name(), 8, settings.warmUp(),
                settings, rates, unmeasured, new HashMap<>());
            unmeasured.add(warm);
          }
        }
        for (int clients : settings.clients()) {
          String before = loadAverage();
          Map<Workload, List<LoadPhase.Result>> rounds = new LinkedHashMap<>();
          Map<Workload, CommitGrouping> commits = new HashMap<>();
          for (int round = 1; round <= settings.rounds(); round++) {
            progress(clients + " clients, round " + round + " of " + settings.rounds());
            for (Workload workload : workloads.inOrder()) {
              rounds.computeIfAbsent(workload, any -> new ArrayList<>()).add(phase(workloads, workload,
                  workload.name() + " round " + round, clients, settings.round(), settings, rates, unmeasured, commits));
            }
          }
          closedLoop.add(new ClientsResult(clients, rounds, commits, before, loadAverage()));
        }
        for (int rate : settings.openLoopRates()) {
          progress("open loop at " + rate + " requests/s");
          for (Workload workload : List.of(workloads.bare(), workloads.raw(), workloads.invoice())) {
            openLoop.add(OpenLoopPhase.run(workload.name(), workload, rate, settings.openLoopLength(), OPEN_LOOP_IN_FLIGHT));
          }
        }
        report(settings, date, startup, dataReady, loadAtStart, workloads, unmeasured, closedLoop, openLoop);
      }
    } catch (SQLException e) {
      throw new IOException("cannot prepare the run's databases: " + e.getMessage(), e);
    } finally {
      deleteRecursively(runDir);
    }
    return Stream.concat(unmeasured.stream().map(LoadPhase.Result::failed),
            Stream.concat(closedLoop.stream().flatMap(result -> result.rounds().values().stream())
                .flatMap(List::stream).map(LoadPhase.Result::failed), openLoop.stream().map(OpenLoopPhase.Result::failed)))
        .allMatch(failed -> failed == 0);
  }

  /**
   * One closed-loop phase. A redemption phase first has its keys bought and paid (unmeasured,
   * recorded in {@code unmeasured}): as many as the last redemption rate says the phase will use,
   * with room to spare; should they run out, the phase ends early, its rate still true. The store's
   * commits during the measured part are added to {@code commits}.
   */
  private static LoadPhase.Result phase(Workloads workloads, Workload workload, String name, int clients,
      Duration length, LoadSettings settings, Map<Workload, Double> rates, List<LoadPhase.Result> unmeasured,
      Map<Workload, CommitGrouping> commits) throws InterruptedException, IOException {
    long budget = settings.maxOperations();
    if (workload == workloads.redemption()) {
      double expected = rates.getOrDefault(workload, 500.0) * length.toMillis() / 1000.0;
      int wanted = (int) Math.min(MAX_KEYS_PER_PHASE, Math.min(budget, Math.ceil(expected * 1.5) + 50));
      int missing = wanted - workloads.redemption().keysLeft();
      if (missing > 0) {
        unmeasured.add(workloads.redemption().prepare(missing, PREPARING_CLIENTS));
      }
      budget = Math.min(budget, workloads.redemption().keysLeft());
    }
    boolean countCommits = workloads.writesPurchases(workload);
    CommitGrouping before = countCommits ? CommitGrouping.scrape(workloads.payql()) : CommitGrouping.NONE;
    LoadPhase.Result result = LoadPhase.run(name, workload, clients, length, budget);
    if (countCommits) {
      commits.merge(workload, CommitGrouping.scrape(workloads.payql()).since(before), CommitGrouping::plus);
    }
    rates.merge(workload, result.throughput(), Math::max);
    return result;
  }

  /** Progress goes to standard error, so standard output holds the report alone. */
  private static void progress(String message) {
    System.err.println("load driver: " + message);
  }

  /** The machine's load average over 1, 5 and 15 minutes, as uptime prints it; "?" where there is none. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
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
   * (every simulated client shares 127.0.0.1, and a load needs them off); on H2 in {@code dataDir}
   * unless {@code storeUrl} names another database.
   */
  static PayqlConfig config(Path dataDir, Optional<String> storeUrl, String storeUser) {
    Map<String, String> settings = new HashMap<>(Map.of(
        "PAYQL_HOST", "127.0.0.1",
        "PAYQL_PORT", "0",
        "PAYQL_DATA_DIR", dataDir.toString(),
        "PAYQL_RATE_LIMIT_PER_MINUTE", "0",
        "PAYQL_UNPAID_ATTEMPTS_PER_MINUTE", "0",
        "PAYQL_STATUS_REQUESTS_PER_MINUTE", "0",
        "PAYQL_LONG_POLLS_PER_CLIENT", "1000"));
    storeUrl.ifPresent(url -> settings.put("PAYQL_STORE_URL", url));
    if (!storeUser.isEmpty()) {
      settings.put("PAYQL_STORE_USER", storeUser);
    }
    return PayqlConfig.from(SettingsSource.load(Optional.empty(), settings));
  }

  private static void report(LoadSettings settings, Instant date, long startup, long dataReady, String loadAtStart,
      Workloads workloads, List<LoadPhase.Result> unmeasured, List<ClientsResult> closedLoop,
      List<OpenLoopPhase.Result> openLoop) {
    OUT.println();
    OUT.printf("PayQL HTTP load driver, %s, JDK %s (%s), %d CPUs; store %s%n", date, Runtime.version(),
        System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(), settings.store());
    OUT.printf("load average (1, 5, 15 min) at the start %s, at the end %s%n", loadAtStart, loadAverage());
    OUT.printf("PayQL listened after %s, its data ready after %s; warm-up %d s per workload; each number of clients: "
        + "%d s per workload in %d alternating rounds%n", LoadPhase.seconds(startup), LoadPhase.seconds(dataReady),
        settings.warmUp().toSeconds(), settings.measure().toSeconds(),
        settings.rounds());
    for (ClientsResult result : closedLoop) {
      OUT.printf("%n%d client%s (load average before %s, after %s)%n", result.clients(), result.clients() == 1 ? "" : "s",
          result.loadBefore(), result.loadAfter());
      OUT.printf("%-22s %8s %9s %8s %8s %8s %8s %6s %8s  %-20s %7s %s%n", "workload", "ops", "ops/s", "p50 ms",
          "p99 ms", "p99.9 ms", "max ms", "failed", "w/commit", "against", "ratio", "(per round min-max)");
      for (Workload workload : workloads.inOrder()) {
        List<LoadPhase.Result> rounds = result.rounds().get(workload);
        LoadPhase.Result all = LoadPhase.Result.combine(workload.name(), rounds);
        Workload baseline = workloads.baselineOf(workload);
        String against = "";
        if (baseline != workload) {
          List<LoadPhase.Result> baselineRounds = result.rounds().get(baseline);
          double ratio = all.throughput() / LoadPhase.Result.combine(baseline.name(), baselineRounds).throughput();
          double min = Double.MAX_VALUE;
          double max = 0;
          for (int i = 0; i < rounds.size(); i++) {
            double roundRatio = rounds.get(i).throughput() / baselineRounds.get(i).throughput();
            min = Math.min(min, roundRatio);
            max = Math.max(max, roundRatio);
          }
          against = String.format("%-20s %7.3f (%.3f-%.3f)", baseline.name(), ratio, min, max);
        }
        OUT.printf("%-22s %8d %9.1f %s %6d %8s  %s%n", workload.name(), all.operations(), all.throughput(),
            percentiles(all.latency()), all.failed(),
            workloads.writesPurchases(workload)
                ? result.commits().getOrDefault(workload, CommitGrouping.NONE).perCommit() : "", against);
        if (workload == workloads.cycle()) {
          all.steps().forEach((step, histogram) -> OUT.printf("  %-20s %8d %9s %s%n", step, histogram.getTotalCount(),
              "", percentiles(histogram)));
        }
      }
    }
    if (!openLoop.isEmpty()) {
      OUT.printf("%nopen loop, %d s per rate, latency from the intended send time (load average now %s)%n",
          settings.openLoopLength().toSeconds(), loadAverage());
      OUT.printf("%-22s %7s %10s %8s %8s %8s %8s %6s  %s%n", "workload", "rate/s", "achieved/s", "p50 ms", "p99 ms",
          "p99.9 ms", "max ms", "failed", "p99 / baseline's p99");
      Map<Integer, Map<String, OpenLoopPhase.Result>> byRate = new TreeMap<>();
      openLoop.forEach(result -> byRate.computeIfAbsent(result.rate(), any -> new LinkedHashMap<>()).put(result.name(), result));
      byRate.forEach((rate, results) -> results.values().forEach(result -> {
        // the invoice is held against the raw insert at the same rate; the two baselines stand alone
        OpenLoopPhase.Result baseline = result.name().equals(workloads.invoice().name())
            ? results.get(workloads.raw().name()) : null;
        OUT.printf("%-22s %7d %10.1f %s %6d  %s%n", result.name(), rate, result.achievedRate(),
            percentiles(result.latency()), result.failed(), baseline == null ? "" : String.format("%.1f (raw insert)",
                LatencyHistograms.millis(result.latency(), 99) / LatencyHistograms.millis(baseline.latency(), 99)));
      }));
    }

    OUT.printf("%nmemory of this JVM (PayQL, the bare server and the clients together) after %d invoices: %s%n",
        invoicesIssued(workloads, unmeasured, closedLoop, openLoop), Memory.describe());

    Map<String, Long> failures = new TreeMap<>();
    long checked = 0;
    for (LoadPhase.Result result : allClosedLoop(unmeasured, closedLoop)) {
      result.failures().forEach((failure, count) -> failures.merge(result.name() + " | " + failure, count, Long::sum));
      checked += result.operations();
    }
    for (OpenLoopPhase.Result result : openLoop) {
      result.failures().forEach((failure, count) -> failures.merge("open loop " + result.rate() + "/s " + result.name()
          + " | " + failure, count, Long::sum));
      checked += result.completed();
    }
    OUT.println();
    if (failures.isEmpty()) {
      OUT.printf("failures: none (%d operations checked, warm-up and key preparation included)%n", checked);
    } else {
      OUT.printf("FAILURES (%d operations checked, warm-up and key preparation included):%n", checked);
      failures.forEach((failure, count) -> OUT.printf("  %8d  %s%n", count, failure));
    }
  }

  /** Invoices PayQL issued in the run: every invoice, cycle and key paid in advance, counted by their steps. */
  private static long invoicesIssued(Workloads workloads, List<LoadPhase.Result> unmeasured,
      List<ClientsResult> closedLoop, List<OpenLoopPhase.Result> openLoop) {
    long closed = allClosedLoop(unmeasured, closedLoop).stream()
        .mapToLong(result -> Optional.ofNullable(result.steps().get("invoice")).map(Histogram::getTotalCount).orElse(0L))
        .sum();
    return closed + openLoop.stream().filter(result -> result.name().equals(workloads.invoice().name()))
        .mapToLong(OpenLoopPhase.Result::completed).sum();
  }

  private static List<LoadPhase.Result> allClosedLoop(List<LoadPhase.Result> unmeasured, List<ClientsResult> closedLoop) {
    List<LoadPhase.Result> all = new ArrayList<>(unmeasured);
    closedLoop.forEach(result -> result.rounds().values().forEach(all::addAll));
    return all;
  }

  private static String percentiles(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return String.format("%8s %8s %8s %8s", "-", "-", "-", "-");
    }
    return String.format("%8.2f %8.2f %8.2f %8.2f", LatencyHistograms.millis(histogram, 50),
        LatencyHistograms.millis(histogram, 99), LatencyHistograms.millis(histogram, 99.9),
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
