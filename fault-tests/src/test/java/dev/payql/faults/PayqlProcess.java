package dev.payql.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One PayQL process, started from app's runnable jar (with {@code CountedPayql} as its entry point,
 * ADR 0023) on a free loopback port, killed with SIGKILL or stopped with SIGTERM. The test's
 * settings are {@code PAYQL_*} variables, as an operator would set them; none of the developer's own
 * {@code PAYQL_*} variables leak in.
 */
final class PayqlProcess {

  /** A hang guard for start-up on a loaded machine (JVM, migrations, recovery), not a measure. */
  private static final Duration STARTUP_GUARD = Duration.ofMinutes(3);

  private final Process process;
  private final String baseUrl;
  private final Path output;
  private final Path executionLog;

  private PayqlProcess(Process process, String baseUrl, Path output, Path executionLog) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.output = output;
    this.executionLog = executionLog;
  }

  /**
   * How to start one process.
   *
   * @param executionLog where the process writes its executions (outside the data directory)
   * @param executionDelay how long each execution waits before running, to kill a process mid-execution
   * @param clock the libfaketime offset of this process's clock, if any
   * @param settings {@code PAYQL_*} variables on top of the test defaults
   */
  record Launch(Path dataDir, Path executionLog, Path outputDir, Duration executionDelay, Optional<FakeClock> clock,
      Map<String, String> settings) {

    static Launch of(Path dataDir, Path executionLog, Path outputDir) {
      return new Launch(dataDir, executionLog, outputDir, Duration.ZERO, Optional.empty(), Map.of());
    }

    Launch withSetting(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(settings);
      more.put(name, value);
      return new Launch(dataDir, executionLog, outputDir, executionDelay, clock, more);
    }

    Launch withStore(Optional<String> jdbcUrl) {
      return jdbcUrl.map(url -> withSetting("PAYQL_STORE_URL", url)).orElse(this);
    }

    Launch withExecutionDelay(Duration delay) {
      return new Launch(dataDir, executionLog, outputDir, delay, clock, settings);
    }

    Launch withClock(FakeClock fake) {
      return new Launch(dataDir, executionLog, outputDir, executionDelay, Optional.of(fake), settings);
    }
  }

  /** Starts PayQL and waits until {@code /health} answers 200. */
  static PayqlProcess start(Launch launch) {
    Path jar = Path.of(System.getProperty("payql.fault.jar", "../app/target/payql.jar")).toAbsolutePath().normalize();
    Path serverClasses = Path.of(System.getProperty("payql.fault.serverClasses", "target/classes")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the app module's package phase builds it (run the"
          + " reactor: ./scripts/with-jdk ./mvnw -pl fault-tests -am verify)");
    }
    int port = freePort();
    try {
      Files.createDirectories(launch.outputDir());
      Path output = Files.createTempFile(launch.outputDir(), "payql-", ".log");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // a small, quick-starting JVM: the machine runs several of them at once
          "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m",
          "-Dpayql.fault.executionLog=" + launch.executionLog().toAbsolutePath(),
          "-Dpayql.fault.executionDelay=" + launch.executionDelay(),
          "-cp", jar + java.io.File.pathSeparator + serverClasses,
          "dev.payql.faults.server.CountedPayql"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      Map<String, String> environment = builder.environment();
      environment.keySet().removeIf(name -> name.startsWith("PAYQL_") || name.startsWith("FAKETIME")
          || name.equals("LD_PRELOAD"));
      environment.putAll(testDefaults(launch.dataDir(), port));
      environment.putAll(launch.settings());
      launch.clock().ifPresent(clock -> environment.putAll(clock.environment()));
      PayqlProcess payql = new PayqlProcess(builder.start(), "http://127.0.0.1:" + port, output, launch.executionLog());
      payql.awaitHealthy();
      return payql;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Short leases and execution time-outs, so that a key a killed process was executing is free again
   * in seconds; a replay window and invoice expiry longer than the longest run, so that neither
   * lapses during one.
   */
  private static Map<String, String> testDefaults(Path dataDir, int port) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("PAYQL_HOST", "127.0.0.1");
    defaults.put("PAYQL_PORT", String.valueOf(port));
    defaults.put("PAYQL_DATA_DIR", dataDir.toAbsolutePath().toString());
    defaults.put("PAYQL_STORE_SAMPLE_DATA", "false");
    defaults.put("PAYQL_RATE_LIMIT_PER_MINUTE", "0");
    defaults.put("PAYQL_EXECUTION_LEASE", "5s");
    defaults.put("PAYQL_EXECUTION_TIMEOUT", "3s");
    defaults.put("PAYQL_INVOICE_EXPIRY", "6h");
    defaults.put("PAYQL_REPLAY_WINDOW", "24h");
    defaults.put("PAYQL_SWEEP_INTERVAL", "5s");
    return defaults;
  }

  String baseUrl() {
    return baseUrl;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits for the process to be gone. */
  void kill9() {
    process.destroyForcibly();
    awaitExit();
    note("killed " + process.pid());
  }

  /** SIGTERM: PayQL's shutdown hook closes it cleanly. */
  void stop() {
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(60))) {
      process.destroyForcibly();
      awaitExit();
    }
    note("stopped " + process.pid());
  }

  /** The end of the process's output, for failure messages. */
  String outputTail() {
    try {
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      return output + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return output + ": " + e.getMessage();
    }
  }

  Path output() {
    return output;
  }

  private void awaitExit() {
    if (!awaitExit(Duration.ofSeconds(60))) {
      throw new IllegalStateException("PayQL " + process.pid() + " did not exit after SIGKILL");
    }
  }

  private boolean awaitExit(Duration guard) {
    try {
      return process.waitFor(guard.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The harness's own lines in the execution log: from here on, this process executes nothing. */
  private void note(String line) {
    try {
      Files.writeString(executionLog, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy() {
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build()) {
      if (pollHealth(http)) {
        return;
      }
    }
    process.destroyForcibly();
    awaitExit();
    throw new PayqlDidNotStart("PayQL did not become healthy; " + outputTail());
  }

  private boolean pollHealth(HttpClient http) {
    long deadline = System.nanoTime() + STARTUP_GUARD.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new PayqlDidNotStart("PayQL exited with " + process.exitValue() + " during start-up; " + outputTail());
      }
      try {
        HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return true;
        }
      } catch (IOException notListeningYet) {
        // keep waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      sleep(Duration.ofMillis(200));
    }
    return false;
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PayQL exited or never answered during start-up: a finding when it follows a fault. */
  static final class PayqlDidNotStart extends RuntimeException {
    PayqlDidNotStart(String message) {
      super(message);
    }
  }
}
