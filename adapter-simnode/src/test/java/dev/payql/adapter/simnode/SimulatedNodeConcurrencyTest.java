package dev.payql.adapter.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many callers at once share fsyncs, not answers: each gets its own invoice, settlements get distinct cursors. */
class SimulatedNodeConcurrencyTest {

  private static final int CALLERS = 16;
  private static final int EACH = 40;

  @TempDir
  Path dataDirectory;

  @Test
  void concurrentInvoicesAndSettlementsAreAllRecordedOnceInOrder() throws Exception {
    Map<PaymentHash, Preimage> settled = new ConcurrentHashMap<>();
    List<Invoice> issued = new CopyOnWriteArrayList<>();
    try (SimulatedNode node = new SimulatedNode(dataDirectory, Clock.systemUTC(), SimulatedNode.DEFAULT_HOST,
        SimulatedNode.DEFAULT_PORT, 100);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        int caller = c;
        done.add(callers.submit(() -> {
          for (int i = 0; i < EACH; i++) {
            InvoiceRequest request = new InvoiceRequest(Msat.of(1_000), "concurrent", Duration.ofHours(1),
                "caller-" + caller + "-" + i);
            Invoice invoice = node.createInvoice(request);
            // the same label again, at once, from another thread of the same caller: the same invoice
            assertThat(node.createInvoice(request)).isEqualTo(invoice);
            issued.add(invoice);
            settled.put(invoice.paymentHash(), node.settle(invoice.paymentRequest()));
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }

    assertThat(issued).extracting(Invoice::paymentHash).doesNotHaveDuplicates().hasSize(CALLERS * EACH);
    try (SimulatedNode restarted = new SimulatedNode(dataDirectory, Clock.systemUTC())) {
      for (Invoice invoice : issued) {
        assertThat(restarted.lookupInvoice(invoice.paymentHash()).orElseThrow().state())
            .isEqualTo(InvoiceState.SETTLED);
        assertThat(restarted.settle(invoice.paymentRequest())).isEqualTo(settled.get(invoice.paymentHash()));
      }
      List<Settlement> all = new CopyOnWriteArrayList<>();
      try (SettlementSubscription ignored = restarted.subscribeSettlements(0, all::add)) {
        Eventually.await("every settlement", () -> all.size() >= CALLERS * EACH);
      }
      assertThat(all).extracting(Settlement::cursor)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, CALLERS * EACH).boxed().toList());
      assertThat(all).extracting(Settlement::paymentHash).doesNotHaveDuplicates();
    }
  }
}
