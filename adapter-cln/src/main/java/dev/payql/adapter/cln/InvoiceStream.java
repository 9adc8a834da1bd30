package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows settlements with {@code waitanyinvoice}, called in a loop with the last delivered
 * {@code pay_index} as {@code lastpay_index} so no payment is missed across reconnects
 * (lightning-waitanyinvoice(7)). Each call carries CLN's own {@code timeout} so the wait ends by
 * itself (error 904) and the transport's deadline can be that plus a margin. The stream owns its
 * connection: a blocked wait holds up no other command.
 */
final class InvoiceStream implements SettlementSubscription {

  private static final System.Logger LOG = System.getLogger(InvoiceStream.class.getName());

  private final ClnRpc rpc;
  private final Consumer<Settlement> listener;
  private final ClnConfig config;
  private final Thread thread;
  private volatile boolean closed;
  private volatile long cursor;

  InvoiceStream(ClnRpc rpc, long afterCursor, Consumer<Settlement> listener, ClnConfig config) {
    if (afterCursor < 0) {
      throw new IllegalArgumentException("a settlement cursor is never negative");
    }
    this.rpc = rpc;
    this.cursor = afterCursor;
    this.listener = listener;
    this.config = config;
    this.thread = Thread.ofPlatform().daemon().name("cln-settlements").unstarted(this::run);
  }

  InvoiceStream start() {
    thread.start();
    return this;
  }

  private void run() {
    Duration delay = config.reconnectDelay();
    Duration deadline = config.waitTimeout().plus(config.callTimeout());
    while (!closed) {
      try {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("lastpay_index", cursor);
        params.put("timeout", config.waitTimeout().toSeconds());
        JsonNode answer = rpc.call("waitanyinvoice", params, deadline, false);
        if (delay.compareTo(config.reconnectDelay()) > 0) {
          LOG.log(Level.INFO, "settlement stream from {0} is back, resuming after pay_index {1}", config.endpoint(), cursor);
        }
        delay = config.reconnectDelay();
        deliver(ClnInvoice.parse(answer));
      } catch (ClnRejectedException e) {
        if (e.code() == ClnRejectedException.WAIT_TIMED_OUT) {
          delay = config.reconnectDelay();
          continue; // nothing paid in this round: ask again
        }
        delay = pause(delay, e);
      } catch (RuntimeException e) {
        // unreachable node, or an answer PayQL cannot read: the stream must outlive both
        delay = pause(delay, e);
      }
    }
  }

  private void deliver(ClnInvoice invoice) {
    if (!invoice.isPaid() || invoice.payIndex() <= cursor || invoice.paidAt().isEmpty()) {
      // waitanyinvoice only answers with invoices paid after lastpay_index; anything else is skipped
      LOG.log(Level.WARNING, "waitanyinvoice answered with {0} invoice {1} at pay_index {2}; skipped", invoice.status(),
          invoice.paymentHash(), invoice.payIndex());
      return;
    }
    Settlement settlement = new Settlement(invoice.paymentHash(), invoice.paidAt().get(), invoice.payIndex());
    try {
      listener.accept(settlement);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "the settlement listener failed on pay_index " + invoice.payIndex(), e);
    }
    cursor = invoice.payIndex();
  }

  /** Waits before the next attempt, doubling the wait up to the configured cap. */
  private Duration pause(Duration delay, RuntimeException cause) {
    if (closed) {
      return delay;
    }
    LOG.log(Level.WARNING, "settlement stream from {0} interrupted ({1}); retrying in {2} ms", config.endpoint(),
        cause.getMessage(), delay.toMillis());
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(config.maxReconnectDelay()) > 0 ? config.maxReconnectDelay() : doubled;
  }

  @Override
  public void close() {
    closed = true;
    rpc.close(); // aborts a wait in progress
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
