package dev.payql.app.metrics;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times every call PayQL makes to its Lightning node, whichever node it is, as
 * {@code payql_node_calls_seconds{call, outcome}}: {@code outcome} is {@code ok}, or the kind of
 * failure the port defines ({@code unavailable}, {@code rejected}, {@code access_denied}), or
 * {@code error} for anything else. The errors are the series whose outcome is not {@code ok}.
 */
public final class MeteredLightningNode implements LightningNode {

  static final String CALLS = "payql.node.calls";

  private final LightningNode node;
  private final MeterRegistry registry;

  public MeteredLightningNode(LightningNode node, MeterRegistry registry) {
    this.node = Objects.requireNonNull(node, "node");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    return timed("create_invoice", () -> node.createInvoice(request));
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    return timed("lookup_invoice", () -> node.lookupInvoice(paymentHash));
  }

  /** Only the subscribing is timed: the stream itself lives as long as PayQL. */
  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    return timed("subscribe_settlements", () -> node.subscribeSettlements(afterCursor, listener));
  }

  @Override
  public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    return timed("decode", () -> node.decode(paymentRequest));
  }

  @Override
  public PaymentOutcome pay(PaymentOrder order) {
    return timed("pay", () -> node.pay(order));
  }

  @Override
  public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    return timed("payment_status", () -> node.paymentStatus(paymentHash));
  }

  @Override
  public NodeInfo info() {
    return timed("info", node::info);
  }

  private <T> T timed(String call, Supplier<T> work) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = work.get();
      outcome = "ok";
      return result;
    } catch (NodeAccessDeniedException e) {
      outcome = "access_denied";
      throw e;
    } catch (NodeUnavailableException e) {
      outcome = "unavailable";
      throw e;
    } catch (NodeRejectedException e) {
      outcome = "rejected";
      throw e;
    } finally {
      Timer.builder(CALLS)
          .description("Calls to the Lightning node, by call and outcome")
          .tag("call", call)
          .tag("outcome", outcome)
          .serviceLevelObjectives(Buckets.CALLS)
          .register(registry)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
