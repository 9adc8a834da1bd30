package dev.payql.app.browser;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A node that counts the invoices it is asked for: a page that sells twice shows as a count of two. */
final class InvoiceCountingNode implements LightningNode {

  private final LightningNode node;
  private final AtomicInteger invoices;

  InvoiceCountingNode(LightningNode node, AtomicInteger invoices) {
    this.node = node;
    this.invoices = invoices;
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    Invoice invoice = node.createInvoice(request);
    invoices.incrementAndGet();
    return invoice;
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    return node.lookupInvoice(paymentHash);
  }

  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    return node.subscribeSettlements(afterCursor, listener);
  }

  @Override
  public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    return node.decode(paymentRequest);
  }

  @Override
  public PaymentOutcome pay(PaymentOrder order) {
    return node.pay(order);
  }

  @Override
  public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    return node.paymentStatus(paymentHash);
  }

  @Override
  public NodeInfo info() {
    return node.info();
  }
}
