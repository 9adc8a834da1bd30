package dev.payql.adapter.lnd;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One settlement subscription: SubscribeInvoices from the last settle index delivered, on its own
 * virtual thread, reconnecting with capped exponential backoff until closed.
 *
 * <p>lnrpc.InvoiceSubscription: with {@code settle_index} N &gt; 0, LND first replays every invoice
 * settled with a settle index above N, then streams live updates, which include newly added
 * invoices (skipped here) and settlements. A settle index of 0 means "no replay", so a stream that
 * starts from cursor 0 first reads the settled invoices with ListInvoices. Only settlements whose
 * settle index is above the last one delivered are passed on, so a reconnect neither misses nor
 * repeats one.
 */
final class SettlementStream implements SettlementSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(SettlementStream.class);

  static final Duration FIRST_RETRY = Duration.ofMillis(200);
  static final Duration LAST_RETRY = Duration.ofSeconds(10);
  private static final int PAGE = 500;

  private final LightningGrpc.LightningBlockingStub stub;
  private final LndConfig config;
  private final LndErrors errors;
  private final Consumer<Settlement> listener;
  private final Runnable reconnectNow;
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final Thread thread;
  private volatile boolean closed;
  private long cursor;

  /**
   * @param reconnectNow skips gRPC's own reconnect backoff (which grows to two minutes) so that this
   *     stream's shorter, capped backoff decides when the next attempt happens
   */
  SettlementStream(LightningGrpc.LightningBlockingStub stub, LndConfig config, LndErrors errors, long afterCursor,
      Consumer<Settlement> listener, Runnable reconnectNow) {
    if (afterCursor < 0) {
      throw new IllegalArgumentException("a settle index is never negative: " + afterCursor);
    }
    this.stub = stub;
    this.config = config;
    this.errors = errors;
    this.listener = listener;
    this.reconnectNow = reconnectNow;
    this.cursor = afterCursor;
    this.thread = Thread.ofVirtual().name("lnd-settlements").unstarted(this::run);
  }

  SettlementStream start() {
    thread.start();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    context.cancel(null);
    thread.interrupt();
  }

  /** Runs in the cancellable context, so {@link #close()} cancels whichever call is in flight. */
  private void run() {
    context.run(this::loop);
  }

  private void loop() {
    Duration retry = FIRST_RETRY;
    while (!closed) {
      try {
        // no deadline: the stream lives as long as the subscription; keepalive detects a dead peer
        Iterator<LightningApi.Invoice> updates = stub.subscribeInvoices(
            LightningApi.InvoiceSubscription.newBuilder().setSettleIndex(cursor).build());
        if (cursor == 0) {
          // the stream is asked for first, so a settlement made while the backlog is read arrives on
          // it (and is dropped there as already delivered if the backlog had it too)
          deliverBacklog();
        }
        while (!closed && updates.hasNext()) {
          retry = FIRST_RETRY; // the node answers again: the next outage starts with a short pause
          deliver(updates.next());
        }
        if (!closed) {
          LOG.info("LND at {} ended the invoice stream; resuming after settle index {}", config.address(), cursor);
        }
      } catch (StatusRuntimeException e) {
        if (!closed) {
          LOG.warn("settlement stream interrupted, resuming after settle index {} in {} ms: {}", cursor,
              retry.toMillis(), errors.translate("SubscribeInvoices", e).getMessage());
        }
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.error("settlement stream failed, resuming after settle index {} in {} ms", cursor, retry.toMillis(), e);
        }
      }
      if (!closed) {
        pause(retry);
        reconnectNow.run();
        retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
      }
    }
  }

  /** Settled invoices from the beginning, in settle-index order (lnrpc.ListInvoices pages by add index). */
  private void deliverBacklog() {
    List<LightningApi.Invoice> settled = new ArrayList<>();
    long offset = 0;
    while (true) {
      long from = offset;
      LightningApi.ListInvoiceResponse page = stub
          .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .listInvoices(LightningApi.ListInvoiceRequest.newBuilder()
              .setIndexOffset(from).setNumMaxInvoices(PAGE).build());
      for (LightningApi.Invoice invoice : page.getInvoicesList()) {
        if (invoice.getState() == LightningApi.Invoice.InvoiceState.SETTLED && invoice.getSettleIndex() > 0) {
          settled.add(invoice);
        }
      }
      if (page.getInvoicesCount() < PAGE || page.getLastIndexOffset() <= offset) {
        break;
      }
      offset = page.getLastIndexOffset();
    }
    settled.sort(Comparator.comparingLong(LightningApi.Invoice::getSettleIndex));
    settled.forEach(this::deliver);
  }

  private void deliver(LightningApi.Invoice update) {
    if (closed || update.getState() != LightningApi.Invoice.InvoiceState.SETTLED || update.getSettleIndex() <= cursor) {
      return;
    }
    Settlement settlement = new Settlement(PaymentHash.of(update.getRHash().toByteArray()),
        Instant.ofEpochSecond(update.getSettleDate()), update.getSettleIndex());
    cursor = update.getSettleIndex();
    try {
      listener.accept(settlement);
    } catch (RuntimeException e) {
      // the stream goes on: the application reconciles settlements from the node at start
      LOG.error("settlement listener failed for settle index {}", settlement.cursor(), e);
    }
  }

  private void pause(Duration retry) {
    try {
      Thread.sleep(retry);
    } catch (InterruptedException e) {
      if (!closed) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
