package dev.payql.adapter.simnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new node on the same data directory is the same node: same key, same invoices, same cursors. */
class SimulatedNodeRestartTest {

  @TempDir
  Path dataDirectory;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  private SimulatedNode start() {
    return new SimulatedNode(dataDirectory, clock);
  }

  private static InvoiceRequest request(String label) {
    return new InvoiceRequest(Msat.of(10_000), "restart test", Duration.ofMinutes(30), label);
  }

  @Test
  void theNodeKeepsItsIdentityAcrossRestarts() {
    String pubkey;
    try (SimulatedNode first = start()) {
      pubkey = first.info().pubkey();
    }
    try (SimulatedNode second = start()) {
      assertThat(second.info().pubkey()).isEqualTo(pubkey);
    }
  }

  @Test
  void invoicesSettlementsAndCursorsSurviveARestart() {
    Invoice paid;
    Invoice unpaid;
    Preimage preimage;
    try (SimulatedNode first = start()) {
      paid = first.createInvoice(request("paid"));
      unpaid = first.createInvoice(request("unpaid"));
      clock.advance(Duration.ofSeconds(5));
      preimage = first.settle(paid.paymentRequest());
    }

    try (SimulatedNode second = start()) {
      assertThat(second.lookupInvoice(paid.paymentHash())).contains(paid.settled(Instant.parse("2026-03-01T12:00:05Z")));
      assertThat(second.lookupInvoice(unpaid.paymentHash())).contains(unpaid);
      assertThat(second.settle(paid.paymentRequest())).isEqualTo(preimage);
      assertThat(second.createInvoice(request("unpaid"))).isEqualTo(unpaid);

      second.settle(unpaid.paymentRequest());

      List<Settlement> all = stream(second, 0, 2);
      assertThat(all).extracting(Settlement::cursor).containsExactly(1L, 2L);
      assertThat(all).extracting(Settlement::paymentHash).containsExactly(paid.paymentHash(), unpaid.paymentHash());
    }
  }

  @Test
  void anInvoicePaidWhilePayqlWasDownIsFoundSettledAfterTheRestart() {
    Invoice invoice;
    long cursorBeforeDowntime;
    try (SimulatedNode running = start()) {
      Invoice earlier = running.createInvoice(request("earlier"));
      running.settle(earlier.paymentRequest());
      cursorBeforeDowntime = stream(running, 0, 1).getLast().cursor();
      invoice = running.createInvoice(request("paid-while-down"));
    }
    try (SimulatedNode wallet = start()) {
      wallet.settle(invoice.paymentRequest());
    }

    try (SimulatedNode restarted = start()) {
      assertThat(restarted.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLED);
      List<Settlement> missed = stream(restarted, cursorBeforeDowntime, 1);
      assertThat(missed).singleElement().satisfies(s -> {
        assertThat(s.paymentHash()).isEqualTo(invoice.paymentHash());
        assertThat(s.cursor()).isEqualTo(cursorBeforeDowntime + 1);
      });
    }
  }

  @Test
  void aJournaledPaymentOutcomeSurvivesARestart() {
    ForeignWallet buyer = new ForeignWallet(clock);
    Bolt11 refund = buyer.invoice(Msat.of(3_000), Duration.ofMinutes(10));
    PaymentOutcome outcome;
    try (SimulatedNode first = start()) {
      outcome = first.pay(new PaymentOrder(refund, Msat.of(3_000), Msat.ZERO));
    }

    try (SimulatedNode second = start()) {
      assertThat(second.paymentStatus(second.decode(refund).paymentHash())).contains(outcome);
      assertThat(second.pay(new PaymentOrder(refund, Msat.of(3_000), Msat.ZERO))).isEqualTo(outcome);
    }
  }

  @Test
  void aGroupTornByACrashIsDroppedAndTheJournalStaysUsable() throws Exception {
    Invoice invoice;
    try (SimulatedNode first = start()) {
      invoice = first.createInvoice(request("before-crash"));
    }
    // a settlement written in full but never committed, then half of the next record
    byte[] settled = Frames.frame("settled " + invoice.paymentHash().hex() + " 2026-03-01T12:00:01Z");
    byte[] next = Frames.frame("settled " + invoice.paymentHash().hex() + " 2026-03-01T12:00:02Z");
    Files.write(journal(), settled, StandardOpenOption.APPEND);
    Files.write(journal(), java.util.Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);

    try (SimulatedNode second = start()) {
      assertThat(second.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.OPEN);
      second.settle(invoice.paymentRequest());
    }
    try (SimulatedNode third = start()) {
      assertThat(third.lookupInvoice(invoice.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLED);
    }
  }

  @Test
  void zerosLeftAfterTheLastGroupByAPowerLossAreDropped() throws Exception {
    Invoice invoice;
    try (SimulatedNode first = start()) {
      invoice = first.createInvoice(request("before-power-loss"));
    }
    Files.write(journal(), new byte[4096], StandardOpenOption.APPEND);

    try (SimulatedNode second = start()) {
      assertThat(second.lookupInvoice(invoice.paymentHash())).contains(invoice);
      second.createInvoice(request("after-power-loss"));
    }
    try (SimulatedNode third = start()) {
      assertThat(third.createInvoice(request("before-power-loss"))).isEqualTo(invoice);
    }
  }

  @Test
  void aDamagedRecordInsideAnAcknowledgedGroupStopsTheStartAndSaysWhere() throws Exception {
    try (SimulatedNode first = start()) {
      first.createInvoice(request("one"));
      first.createInvoice(request("two"));
      first.createInvoice(request("three"));
    }
    byte[] bytes = Files.readAllBytes(journal());
    int secondGroup = indexAfterLine(bytes, 2);
    bytes[secondGroup + 20] ^= 0x01;
    Files.write(journal(), bytes);

    assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("damaged at byte " + secondGroup + " (line 3)");
  }

  @Test
  void aJournalOfTheFirstFormatIsImported() throws Exception {
    Invoice paid;
    Invoice open;
    try (SimulatedNode first = start()) {
      paid = first.createInvoice(request("paid"));
      open = first.createInvoice(request("open"));
      first.settle(paid.paymentRequest());
    }
    // what an earlier version wrote: the same records, unframed, settlements numbered
    List<String> legacy = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(journal())) {
      String text = line.substring(9);
      if (text.startsWith("commit ")) {
        continue;
      }
      legacy.add(text.startsWith("settled ") ? text.replace("settled ", "settled 1 ") : text);
    }
    try (var files = Files.list(dataDirectory)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("simnode.key")) {
          Files.delete(file);
        }
      }
    }
    Files.write(dataDirectory.resolve("simnode.journal"), legacy);

    try (SimulatedNode imported = start()) {
      assertThat(imported.lookupInvoice(paid.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLED);
      assertThat(imported.lookupInvoice(open.paymentHash())).contains(open);
      imported.settle(open.paymentRequest());
      assertThat(stream(imported, 0, 2)).extracting(Settlement::cursor).containsExactly(1L, 2L);
    }
    assertThat(dataDirectory.resolve("simnode.journal")).doesNotExist();
    try (SimulatedNode again = start()) {
      assertThat(again.lookupInvoice(open.paymentHash()).orElseThrow().state()).isEqualTo(InvoiceState.SETTLED);
    }
  }

  private Path journal() {
    return dataDirectory.resolve("simnode.journal.1");
  }

  /** The offset just after the {@code lines}-th newline. */
  private static int indexAfterLine(byte[] bytes, int lines) {
    int seen = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && ++seen == lines) {
        return i + 1;
      }
    }
    throw new AssertionError("fewer than " + lines + " lines");
  }

  @Test
  void twoOpenNodesCannotShareADataDirectory() {
    try (SimulatedNode first = start()) {
      assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
      assertThat(first.info().pubkey()).isNotBlank();
    }
  }

  @Test
  void aDamagedKeyFileIsReported() throws Exception {
    Files.writeString(dataDirectory.resolve("simnode.key"), "not a key\n");

    assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("simnode.key");
  }

  private static List<Settlement> stream(SimulatedNode node, long after, int expected) {
    List<Settlement> seen = new CopyOnWriteArrayList<>();
    try (SettlementSubscription ignored = node.subscribeSettlements(after, seen::add)) {
      Eventually.await(expected + " settlement(s)", () -> seen.size() >= expected);
    }
    return List.copyOf(seen);
  }
}
