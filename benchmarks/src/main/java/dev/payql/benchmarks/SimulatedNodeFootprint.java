package dev.payql.benchmarks;

import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What the simulated node's history costs: issue and settle N invoices (8 threads, as paid cycles
 * do), close the node, then start it again on the same directory several times, reporting the
 * start time (median) and the heap the started node holds (used heap after a full GC, minus the
 * same before it started). Run: {@code java -cp benchmarks.jar dev.payql.benchmarks.SimulatedNodeFootprint
 * [invoices] [directory]}; defaults 100000 and a temporary directory under {@code payql.bench.dir}.
 */
public final class SimulatedNodeFootprint {

  private static final int THREADS = 8;
  private static final int STARTS = 5;

  private SimulatedNodeFootprint() {}

  public static void main(String[] args) throws Exception {
    int invoices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path parent = Path.of(System.getProperty("payql.bench.dir", System.getProperty("java.io.tmpdir")));
    Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory(parent, "payql-footprint");
    Path data = directory.resolve("node");
    long issueStarted = System.nanoTime();
    fill(data, invoices);
    double issueSeconds = (System.nanoTime() - issueStarted) / 1e9;

    long baseline = usedHeapAfterGc();
    long[] startNanos = new long[STARTS];
    long retained = 0;
    for (int i = 0; i < STARTS; i++) {
      long started = System.nanoTime();
      SimulatedNode node = new SimulatedNode(data, Clock.systemUTC());
      startNanos[i] = System.nanoTime() - started;
      retained = Math.max(retained, usedHeapAfterGc() - baseline);
      node.close();
    }
    Arrays.sort(startNanos);
    System.out.printf("%d invoices issued and settled in %.1f s (%.0f/s, %d threads)%n", invoices, issueSeconds,
        invoices / issueSeconds, THREADS);
    System.out.printf("start on that data directory: median %.1f ms (min %.1f, max %.1f) of %d starts%n",
        startNanos[STARTS / 2] / 1e6, startNanos[0] / 1e6, startNanos[STARTS - 1] / 1e6, STARTS);
    System.out.printf("heap held by the started node: %.1f MiB%n", retained / (1024.0 * 1024.0));
    System.out.printf("data directory: %.1f MiB on disk%n", size(data) / (1024.0 * 1024.0));
    if (args.length < 2) {
      delete(directory);
    }
  }

  private static void fill(Path data, int invoices) throws Exception {
    AtomicLong next = new AtomicLong();
    try (SimulatedNode node = new SimulatedNode(data, Clock.systemUTC());
        ExecutorService callers = Executors.newFixedThreadPool(THREADS)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(callers.submit(() -> {
          for (long i; (i = next.incrementAndGet()) <= invoices; ) {
            Invoice invoice = node.createInvoice(new InvoiceRequest(Msat.of(29_000), "PayQL: one GraphQL request",
                Duration.ofMinutes(10), "payql-footprint-" + i));
            node.settle(invoice.paymentRequest());
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long size(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
