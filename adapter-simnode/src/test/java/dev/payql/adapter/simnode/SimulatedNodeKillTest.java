package dev.payql.adapter.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM issuing and settling invoices from several threads is killed with
 * SIGKILL at a random moment, again and again on the same data directory. After each kill the
 * node must start (a torn last group is dropped, never fatal), and every invoice and settlement
 * the child printed as acknowledged must be there, with the preimage it was given; settlement
 * cursors must run 1, 2, 3… without a gap or a repeat.
 */
class SimulatedNodeKillTest {

  private static final int CYCLES = Integer.getInteger("payql.simnode.killCycles", 6);

  @TempDir
  Path dataDirectory;

  @Test
  void killedMidWriteTheNodeLosesNothingItAcknowledged() throws Exception {
    Random random = new Random();
    Map<PaymentHash, Bolt11> invoices = new ConcurrentHashMap<>();
    Map<PaymentHash, String> preimages = new ConcurrentHashMap<>();
    int killsAfterAnswers = 0;
    int tornTails = 0;
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      AtomicInteger answers = new AtomicInteger();
      Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
          KilledNodeWorkload.class.getName(), dataDirectory.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      Thread reader = Thread.ofPlatform().start(() -> read(child, invoices, preimages, answers));
      int target = 20 + random.nextInt(400);
      Eventually.await("the child's answers", () -> answers.get() >= target || !child.isAlive());
      assertThat(child.isAlive()).as("the child runs until killed").isTrue();
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(60));
      killsAfterAnswers += answers.get() > 0 ? 1 : 0;
      tornTails += tornTail() ? 1 : 0;

      try (SimulatedNode node = new SimulatedNode(dataDirectory, Clock.systemUTC())) {
        invoices.forEach((hash, request) -> {
          Invoice found = node.lookupInvoice(hash)
              .orElseThrow(() -> new AssertionError("acknowledged invoice " + hash + " lost"));
          assertThat(found.paymentRequest()).isEqualTo(request);
          if (preimages.containsKey(hash)) {
            assertThat(found.state()).as("acknowledged settlement of " + hash).isEqualTo(InvoiceState.SETTLED);
            assertThat(node.settle(request).hex()).isEqualTo(preimages.get(hash));
          }
        });
        assertCursorsAreDense(node, preimages.keySet());
      }
    }
    assertThat(killsAfterAnswers).isEqualTo(CYCLES);
    System.out.printf("kill -9 of the simulated node: %d cycles, %d torn last groups dropped, %d invoices and %d "
        + "settlements acknowledged, 0 lost%n", CYCLES, tornTails, invoices.size(), preimages.size());
  }

  /** Whether the kill left a group half-written at the end of the newest journal. */
  private boolean tornTail() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(dataDirectory)) {
      Path newest = files.filter(p -> p.getFileName().toString().matches("simnode\\.journal\\.[0-9]+"))
          .max(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(16))))
          .orElseThrow();
      return Frames.read(newest.toString(), java.nio.file.Files.readAllBytes(newest)).droppedTail().isPresent();
    }
  }

  private static void assertCursorsAreDense(SimulatedNode node, Set<PaymentHash> settled) {
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    Set<PaymentHash> all = new HashSet<>(settled);
    try (SettlementSubscription ignored = node.subscribeSettlements(0, seen::add)) {
      Eventually.await("every acknowledged settlement on the stream",
          () -> seen.stream().map(Settlement::paymentHash).toList().containsAll(all));
    }
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i).cursor()).isEqualTo(i + 1L);
    }
    assertThat(seen.stream().map(Settlement::paymentHash).distinct().count()).isEqualTo(seen.size());
  }

  private static void read(Process child, Map<PaymentHash, Bolt11> invoices, Map<PaymentHash, String> preimages,
      AtomicInteger answers) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        String[] fields = line.split(" ");
        // a line cut by the kill is not an answer the child finished printing
        if (fields.length == 3 && fields[0].equals("invoice") && fields[2].length() > 100) {
          try {
            invoices.put(new PaymentHash(fields[1]), new Bolt11(fields[2]));
            answers.incrementAndGet();
          } catch (IllegalArgumentException cut) {
            // half a line
          }
        } else if (fields.length == 3 && fields[0].equals("settled") && fields[2].length() == 64) {
          preimages.put(new PaymentHash(fields[1]), fields[2]);
          answers.incrementAndGet();
        }
      }
    } catch (java.io.IOException ended) {
      // the pipe closes with the process
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString());
  }
}
