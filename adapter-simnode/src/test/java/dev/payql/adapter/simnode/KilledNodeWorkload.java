package dev.payql.adapter.simnode;

import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The child process {@link SimulatedNodeKillTest} kills: several threads issue and settle invoices
 * on one node as fast as they can and print each answer the node gave, the moment it gave it, so
 * the parent knows exactly what was acknowledged before the SIGKILL. Checkpoints are frequent, so
 * kills land in them too.
 */
public final class KilledNodeWorkload {

  private KilledNodeWorkload() {}

  public static void main(String[] args) throws Exception {
    Path dataDirectory = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    SimulatedNode node = new SimulatedNode(dataDirectory, Clock.systemUTC(), SimulatedNode.DEFAULT_HOST,
        SimulatedNode.DEFAULT_PORT, 64);
    out.println("started");
    Thread[] workers = new Thread[6];
    for (int t = 0; t < workers.length; t++) {
      workers[t] = Thread.ofPlatform().start(() -> {
        while (true) {
          Invoice invoice = node.createInvoice(new InvoiceRequest(Msat.of(1_000), "killed", Duration.ofHours(1),
              "kill-" + UUID.randomUUID()));
          out.println("invoice " + invoice.paymentHash().hex() + " " + invoice.paymentRequest().text());
          if (invoice.paymentHash().bytes()[0] % 2 == 0) {
            Preimage preimage = node.settle(invoice.paymentRequest());
            out.println("settled " + invoice.paymentHash().hex() + " " + preimage.hex());
          }
        }
      });
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }
}
