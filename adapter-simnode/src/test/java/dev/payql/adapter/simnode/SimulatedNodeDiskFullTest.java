package dev.payql.adapter.simnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's data directory on a small real file system that runs full: nothing is acknowledged
 * that was not recorded, a refusal changes nothing, the node works again once space returns (no
 * restart), and a restart finds every acknowledged invoice and settlement.
 */
class SimulatedNodeDiskFullTest {

  /** Room for the key and a few dozen records: the test fills the rest itself. */
  private static final long SIZE = 256 * 1024;
  private static final int ATTEMPT_LIMIT = 10_000;

  @TempDir
  Path temporary;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  private static InvoiceRequest request() {
    return new InvoiceRequest(Msat.of(21_000), "disk-full test", Duration.ofHours(1), "label-" + UUID.randomUUID());
  }

  @Test
  void aFullDiskRefusesWhatItCannotRecordAndLosesNothingAcknowledged() throws Exception {
    try (SmallFileSystem disk = SmallFileSystem.mount(temporary.resolve("small"), SIZE)) {
      Path dataDirectory = disk.root().resolve("node");
      List<Invoice> acknowledged = new ArrayList<>();
      Map<Invoice, Preimage> settled = new LinkedHashMap<>();
      List<Invoice> refusedSettlements = new ArrayList<>();
      try (SimulatedNode node = new SimulatedNode(dataDirectory, clock)) {
        for (int i = 0; i < 40; i++) {
          acknowledged.add(node.createInvoice(request()));
        }
        disk.fill();

        // the journal's last block still has room for a record or two; then a write is cut short
        NodeUnavailableException refusal = null;
        for (int i = 0; i < ATTEMPT_LIMIT && refusal == null; i++) {
          try {
            acknowledged.add(node.createInvoice(request()));
          } catch (NodeUnavailableException e) {
            refusal = e;
          }
        }
        assertThat(refusal).as("an invoice refused on a full disk").isNotNull();
        for (Invoice invoice : acknowledged.subList(0, 40)) {
          try {
            settled.put(invoice, node.settle(invoice.paymentRequest()));
          } catch (NodeUnavailableException e) {
            refusedSettlements.add(invoice);
          }
        }
        assertThat(refusedSettlements).as("settlements refused on a full disk").isNotEmpty();
        for (Invoice invoice : refusedSettlements) {
          assertThat(node.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.OPEN);
        }
        assertThatThrownBy(() -> node.createInvoice(request())).isInstanceOf(NodeUnavailableException.class);

        disk.free();

        Invoice afterwards = node.createInvoice(request());
        acknowledged.add(afterwards);
        settled.put(afterwards, node.settle(afterwards.paymentRequest()));
        Invoice retried = refusedSettlements.getFirst();
        settled.put(retried, node.settle(retried.paymentRequest()));
      }

      try (SimulatedNode restarted = new SimulatedNode(dataDirectory, clock)) {
        for (Invoice invoice : acknowledged) {
          Invoice found = restarted.lookupInvoice(invoice.paymentHash()).orElseThrow(
              () -> new AssertionError("acknowledged invoice " + invoice.paymentHash() + " lost"));
          assertThat(found.state()).isEqualTo(settled.containsKey(invoice) ? InvoiceState.SETTLED : InvoiceState.OPEN);
        }
        settled.forEach((invoice, preimage) -> assertThat(restarted.settle(invoice.paymentRequest())).isEqualTo(preimage));
      }
    }
  }
}
