package dev.payql.adapter.simnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints move invoices that can no longer change into the archive: memory then holds only
 * open invoices, a start reads only the checkpoint and the journal after it, and everything the
 * contract promises about old invoices still holds, read from disk.
 */
class SimulatedNodeCheckpointTest {

  /** A checkpoint after every few records, so a test sees several. */
  private static final int CHECKPOINT_EVERY = 4;

  @TempDir
  Path dataDirectory;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  private SimulatedNode start() {
    return new SimulatedNode(dataDirectory, clock, SimulatedNode.DEFAULT_HOST, SimulatedNode.DEFAULT_PORT,
        CHECKPOINT_EVERY);
  }

  private static InvoiceRequest request(String label, Duration expiry) {
    return new InvoiceRequest(Msat.of(7_000), "checkpoint test", expiry, label);
  }

  @Test
  void settledAndLapsedInvoicesLeaveMemoryAndKeepEveryPromiseFromTheArchive() {
    Map<Invoice, Preimage> paid = new LinkedHashMap<>();
    List<Invoice> lapsed = new ArrayList<>();
    List<Invoice> open = new ArrayList<>();
    try (SimulatedNode node = start()) {
      for (int i = 0; i < 6; i++) {
        lapsed.add(node.createInvoice(request("short-" + i, Duration.ofMinutes(1))));
        Invoice invoice = node.createInvoice(request("long-" + i, Duration.ofHours(1)));
        if (i < 4) {
          paid.put(invoice, node.settle(invoice.paymentRequest()));
        } else {
          open.add(invoice);
        }
      }
      clock.advance(Duration.ofMinutes(2));
      for (int i = 0; i < 3 * CHECKPOINT_EVERY; i++) {
        open.add(node.createInvoice(request("later-" + i, Duration.ofHours(1))));
      }
      node.checkpointSoon();
      Eventually.await("settled and lapsed invoices archived", () -> node.invoicesInMemory() == open.size());

      assertArchivedInvoicesKeepTheirPromises(node, paid, lapsed, open);
      Invoice another = open.getFirst();
      node.settle(another.paymentRequest());
      List<Settlement> all = stream(node, 0, paid.size() + 1);
      assertThat(all).extracting(Settlement::cursor).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(all.subList(0, 4)).extracting(Settlement::paymentHash)
          .containsExactlyElementsOf(paid.keySet().stream().map(Invoice::paymentHash).toList());
      assertThat(all.getLast().paymentHash()).isEqualTo(another.paymentHash());
      paid.put(another, node.settle(another.paymentRequest()));
      open.removeFirst();
    }

    try (SimulatedNode restarted = start()) {
      assertThat(restarted.invoicesInMemory()).isLessThanOrEqualTo(open.size() + 1);
      assertArchivedInvoicesKeepTheirPromises(restarted, paid, lapsed, open);
      assertThat(stream(restarted, 2, paid.size() - 2)).extracting(Settlement::cursor).containsExactly(3L, 4L, 5L);
    }
  }

  @Test
  void onlyTheJournalAfterTheLastCheckpointIsKept() throws Exception {
    try (SimulatedNode node = start()) {
      for (int i = 0; i < 10 * CHECKPOINT_EVERY; i++) {
        Invoice invoice = node.createInvoice(request("many-" + i, Duration.ofHours(1)));
        node.settle(invoice.paymentRequest());
      }
      Eventually.await("a checkpoint", () -> node.invoicesInMemory() < 2 * CHECKPOINT_EVERY);
    }
    try (Stream<Path> files = Files.list(dataDirectory)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(Journal.PREFIX)).count())
          .isLessThanOrEqualTo(2);
    }
    try (SimulatedNode restarted = start()) {
      assertThat(restarted.invoicesInMemory()).isLessThan(2 * CHECKPOINT_EVERY);
      assertThat(stream(restarted, 0, 10 * CHECKPOINT_EVERY)).extracting(Settlement::cursor)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 10 * CHECKPOINT_EVERY).boxed().toList());
    }
  }

  @Test
  void anIndexLeftHalfChangedByACrashIsRebuiltOnStart() throws Exception {
    Map<Invoice, Preimage> paid = new LinkedHashMap<>();
    try (SimulatedNode node = start()) {
      for (int i = 0; i < 3 * CHECKPOINT_EVERY; i++) {
        Invoice invoice = node.createInvoice(request("crash-" + i, Duration.ofHours(1)));
        paid.put(invoice, node.settle(invoice.paymentRequest()));
      }
      Eventually.await("a checkpoint", () -> node.invoicesInMemory() < paid.size());
    }
    // a crash while a checkpoint changed the index: the marker is there, the index is garbage
    Files.createFile(dataDirectory.resolve(Archive.UNSETTLED_INDEX_MARKER));
    byte[] index = Files.readAllBytes(dataDirectory.resolve(Archive.INDEX));
    java.util.Arrays.fill(index, 24, index.length, (byte) 0x5a);
    Files.write(dataDirectory.resolve(Archive.INDEX), index);

    try (SimulatedNode restarted = start()) {
      paid.forEach((invoice, preimage) -> {
        assertThat(restarted.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLED);
        assertThat(restarted.settle(invoice.paymentRequest())).isEqualTo(preimage);
      });
    }
    assertThat(dataDirectory.resolve(Archive.UNSETTLED_INDEX_MARKER)).doesNotExist();
  }

  private static void assertArchivedInvoicesKeepTheirPromises(SimulatedNode node, Map<Invoice, Preimage> paid,
      List<Invoice> lapsed, List<Invoice> open) {
    paid.forEach((invoice, preimage) -> {
      Invoice found = node.lookupInvoice(invoice.paymentHash()).orElseThrow();
      assertThat(found.state()).isEqualTo(InvoiceState.SETTLED);
      assertThat(found.settledAt()).isPresent();
      assertThat(node.settle(invoice.paymentRequest())).isEqualTo(preimage);
    });
    for (Invoice invoice : lapsed) {
      assertThat(node.lookupInvoice(invoice.paymentHash())).contains(invoice.canceled());
      assertThatThrownBy(() -> node.settle(invoice.paymentRequest()))
          .isInstanceOfSatisfying(SettlementRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(SettlementRefusedException.Reason.EXPIRED));
    }
    for (Invoice invoice : open) {
      assertThat(node.lookupInvoice(invoice.paymentHash())).contains(invoice);
    }
    assertThat(node.createInvoice(request("short-0", Duration.ofMinutes(1))).paymentHash())
        .isEqualTo(lapsed.getFirst().paymentHash());
    assertThat(node.createInvoice(request("long-0", Duration.ofHours(1))).paymentHash())
        .isEqualTo(paid.keySet().iterator().next().paymentHash());
    assertThatThrownBy(() -> node.createInvoice(new InvoiceRequest(Msat.of(1), "other amount", Duration.ofHours(1),
        "long-0"))).isInstanceOf(NodeRejectedException.class);
  }

  private static List<Settlement> stream(SimulatedNode node, long after, int expected) {
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    try (SettlementSubscription ignored = node.subscribeSettlements(after, seen::add)) {
      Eventually.await(expected + " settlement(s)", () -> seen.size() >= expected);
    }
    return List.copyOf(seen);
  }
}
