package dev.payql.benchmarks;

import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The simulated node with its durable journal, from 8 threads at once, as {@code /api/invoice} and
 * {@code /dev/pay} call it: {@link #createInvoice} (sign, journal, fsync, answer) and
 * {@link #createAndSettle} (then the settlement, a second fsync'd record). Beside them, in the same
 * run and on the same disk, {@link #baselineFsyncedAppend}: a raw append of an invoice-sized record
 * and its own fsync, one caller at a time, which is what a journal without group commit can do at
 * best. Throughput, operations per second (higher is better).
 *
 * <p>The journal lives under {@code -Dpayql.bench.dir} (default: the system's temporary directory):
 * point it at the disk to measure, since a tmpfs makes fsync free.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class SimulatedNodeBenchmark {

  /** About the size of one invoice record in the journal. */
  private static final int RECORD_BYTES = 700;

  private final AtomicLong labels = new AtomicLong();
  private Path directory;
  private SimulatedNode node;
  private FileChannel raw;
  private ByteBuffer record;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path parent = Path.of(System.getProperty("payql.bench.dir", System.getProperty("java.io.tmpdir")));
    directory = Files.createTempDirectory(parent, "payql-simnode-bench");
    node = new SimulatedNode(directory.resolve("node"), Clock.systemUTC());
    raw = FileChannel.open(directory.resolve("raw.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    byte[] line = new byte[RECORD_BYTES];
    Arrays.fill(line, (byte) 'x');
    line[RECORD_BYTES - 1] = '\n';
    record = ByteBuffer.wrap(line).asReadOnlyBuffer();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    node.close();
    raw.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Benchmark
  public Invoice createInvoice() {
    return node.createInvoice(request());
  }

  @Benchmark
  public Preimage createAndSettle() {
    return node.settle(node.createInvoice(request()).paymentRequest());
  }

  @Benchmark
  public long baselineFsyncedAppend() throws IOException {
    synchronized (raw) {
      ByteBuffer line = record.duplicate();
      while (line.hasRemaining()) {
        raw.write(line);
      }
      raw.force(false);
      return raw.position();
    }
  }

  SimulatedNode node() {
    return node;
  }

  private InvoiceRequest request() {
    return new InvoiceRequest(Msat.of(29_000), "PayQL: one GraphQL request", Duration.ofMinutes(10),
        "payql-bench-" + labels.incrementAndGet());
  }
}
