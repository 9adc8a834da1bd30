package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.adapter.simnode.bolt11.Bolt11FormatException;
import dev.payql.adapter.simnode.bolt11.Bolt11Invoice;
import dev.payql.adapter.simnode.bolt11.Network;
import dev.payql.adapter.simnode.bolt11.NodeKey;
import dev.payql.adapter.simnode.bolt11.SignedBolt11;
import dev.payql.adapter.simnode.JournalEntry.InvoiceIssued;
import dev.payql.adapter.simnode.JournalEntry.InvoiceSettled;
import dev.payql.adapter.simnode.JournalEntry.PaymentFailed;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A Lightning node simulated in process: PayQL's embedded default and a test double for hosts.
 *
 * <p>It signs real BOLT11 invoices on regtest ({@code lnbcrt…}) with a key kept in
 * {@code <dataDirectory>/simnode.key}, so any BOLT11 decoder reads them and recovers this node's id.
 * Nothing is routed: an invoice is paid by {@link #settle(Bolt11)} (behind {@code POST /dev/pay}),
 * and a refund is "paid" by recording it. Invoices, settlements and payments are kept in
 * {@code <dataDirectory>/simnode.journal}, so a new instance on the same directory carries on where
 * the last one stopped, settlement cursors included. Unpaid invoices past their expiry read as
 * CANCELED, as LND reports them. Every time comes from the given {@link Clock}.
 *
 * <p>Close it to stop its settlement streams and release the journal; only one open node may use a
 * data directory at a time.
 */
public final class SimulatedNode implements LightningNode, AutoCloseable {

  public static final String BACKEND = "simulated";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9735;
  static final String JOURNAL = "simnode.journal";

  /** BOLT #11 "c" default; written out because a writer MUST include the field. */
  private static final long MIN_FINAL_CLTV_EXPIRY = 18;
  /** var_onion_optin and payment_secret compulsory, basic_mpp optional: what LND and CLN invoices carry. */
  private static final int[] INVOICE_FEATURES = {8, 14, 17};
  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);
  private static final System.Logger LOG = System.getLogger(SimulatedNode.class.getName());

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final NodeKey key;
  private final PreimageSeed preimages;
  private final Journal journal;
  private final String uri;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private final Map<String, PaymentHash> byLabel = new HashMap<>();
  private final Map<PaymentHash, InvoiceIssued> invoices = new HashMap<>();
  private final Map<PaymentHash, InvoiceSettled> settlementsByHash = new HashMap<>();
  /** Index i holds cursor i + 1. */
  private final List<InvoiceSettled> settlements = new ArrayList<>();
  private final Map<PaymentHash, JournalEntry.PaymentRecord> payments = new HashMap<>();
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private boolean closed;

  /** A node advertising {@code 127.0.0.1:9735}. */
  public SimulatedNode(Path dataDirectory, Clock clock) {
    this(dataDirectory, clock, DEFAULT_HOST, DEFAULT_PORT);
  }

  /**
   * @param dataDirectory where {@code simnode.key} and {@code simnode.journal} live; created if missing
   * @param host the host {@link #info()} advertises for channel opening
   * @param port the port {@link #info()} advertises
   * @throws UncheckedIOException when the directory, key or journal cannot be read or written
   * @throws IllegalStateException when the key or journal is damaged, or another open node uses the directory
   */
  public SimulatedNode(Path dataDirectory, Clock clock, String host, int port) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("advertise a host and a port in 1..65535, not " + host + ":" + port);
    }
    try {
      Files.createDirectories(dataDirectory);
      this.key = NodeKeyFile.loadOrCreate(dataDirectory, random);
      this.journal = Journal.open(dataDirectory.resolve(JOURNAL));
    } catch (IOException e) {
      throw new UncheckedIOException("the simulated node cannot use " + dataDirectory, e);
    }
    this.preimages = new PreimageSeed(key);
    this.uri = key.nodeId().hex() + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    try {
      journal.replayed().forEach(this::apply);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    LOG.log(Level.INFO, "simulated node {0} started from {1}: {2} invoice(s), {3} settlement(s)",
        key.nodeId(), dataDirectory, invoices.size(), settlements.size());
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    Objects.requireNonNull(request, "request");
    lock.lock();
    try {
      requireOpen();
      PaymentHash existing = byLabel.get(request.label());
      if (existing != null) {
        InvoiceIssued issued = invoices.get(existing);
        if (!issued.amount().equals(request.amount())) {
          throw new NodeRejectedException("label " + request.label() + " already names an invoice for "
              + issued.amount() + ", not " + request.amount());
        }
        return view(issued);
      }
      byte[] nonce = randomBytes();
      PaymentHash hash = preimages.preimage(nonce).paymentHash();
      // BOLT11 timestamps are whole seconds; the invoice's times follow them exactly
      Instant createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Duration expiry = Duration.ofSeconds(request.expiry().toSeconds());
      Bolt11Invoice fields = Bolt11Invoice.of(Network.REGTEST, Optional.of(request.amount()), createdAt, hash,
              request.description())
          .withPaymentSecret(randomBytes())
          .withExpiry(expiry)
          .withMinFinalCltvExpiry(MIN_FINAL_CLTV_EXPIRY)
          .withFeatures(INVOICE_FEATURES);
      InvoiceIssued issued = new InvoiceIssued(request.label(), hash, request.amount(), createdAt,
          createdAt.plus(expiry), HexFormat.of().formatHex(nonce), new Bolt11(Bolt11Codec.encode(fields, key)));
      record(issued);
      return view(issued);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    Objects.requireNonNull(paymentHash, "paymentHash");
    lock.lock();
    try {
      requireOpen();
      return Optional.ofNullable(invoices.get(paymentHash)).map(this::view);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Pays one of this node's invoices, as a buyer's wallet would, and returns its preimage, the
   * buyer's proof of payment. Settling an invoice that is already settled returns the same preimage
   * again and changes nothing, so a client may retry after a lost answer.
   *
   * @throws SettlementRefusedException when the text is not a valid invoice, this node did not issue
   *     it, or it lapsed unpaid
   */
  public Preimage settle(Bolt11 paymentRequest) {
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    PaymentHash hash;
    try {
      hash = Bolt11Codec.decode(paymentRequest.text()).invoice().paymentHash();
    } catch (Bolt11FormatException e) {
      throw new SettlementRefusedException(SettlementRefusedException.Reason.MALFORMED,
          "not a valid BOLT11 invoice: " + e.getMessage());
    }
    lock.lock();
    try {
      requireOpen();
      InvoiceIssued issued = invoices.get(hash);
      if (issued == null || !issued.paymentRequest().equals(paymentRequest)) {
        throw new SettlementRefusedException(SettlementRefusedException.Reason.UNKNOWN_INVOICE,
            "this node did not issue that invoice");
      }
      Preimage preimage = preimages.preimage(HexFormat.of().parseHex(issued.nonce()));
      if (settlementsByHash.containsKey(hash)) {
        return preimage;
      }
      Instant now = clock.instant();
      if (!now.isBefore(issued.expiresAt())) {
        throw new SettlementRefusedException(SettlementRefusedException.Reason.EXPIRED,
            "the invoice expired at " + issued.expiresAt());
      }
      record(new InvoiceSettled(settlements.size() + 1L, hash, now));
      settled.signalAll();
      return preimage;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    Objects.requireNonNull(listener, "listener");
    if (afterCursor < 0) {
      throw new IllegalArgumentException("a settlement cursor is 0 (from the start) or more, not " + afterCursor);
    }
    lock.lock();
    try {
      requireOpen();
      Stream stream = new Stream(afterCursor, listener);
      streams.add(stream);
      stream.start();
      return stream;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    SignedBolt11 signed = read(paymentRequest);
    Bolt11Invoice fields = signed.invoice();
    return new DecodedPaymentRequest(fields.paymentHash(), fields.amount(), fields.expiresAt(), signed.payee().hex());
  }

  /**
   * A simulated node has no channels, so it pays nobody: a payment to another node fails, and is
   * journaled so {@link #paymentStatus} reports it. A payment to an invoice of this node can never
   * succeed (a node does not pay itself) and is refused, as an unreadable payment request is.
   */
  @Override
  public PaymentOutcome pay(PaymentOrder order) {
    Objects.requireNonNull(order, "order");
    SignedBolt11 signed = read(order.paymentRequest());
    if (signed.payee().equals(key.nodeId())) {
      throw new NodeRejectedException("the invoice is this node's own: a node cannot pay itself, so this payment can "
          + "never succeed");
    }
    return recordUnroutable(signed);
  }

  /** What this node journaled about its payment for {@code paymentHash}. */
  @Override
  public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    Objects.requireNonNull(paymentHash, "paymentHash");
    lock.lock();
    try {
      requireOpen();
      return Optional.ofNullable(payments.get(paymentHash)).map(JournalEntry.PaymentRecord::outcome);
    } finally {
      lock.unlock();
    }
  }

  private PaymentOutcome recordUnroutable(SignedBolt11 signed) {
    PaymentHash hash = signed.invoice().paymentHash();
    lock.lock();
    try {
      requireOpen();
      JournalEntry.PaymentRecord earlier = payments.get(hash);
      if (earlier != null) {
        return earlier.outcome();
      }
      PaymentFailed failed = new PaymentFailed(hash, clock.instant(),
          "the simulated node has no channels and cannot route a payment to " + signed.payee());
      record(failed);
      return failed.outcome();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public NodeInfo info() {
    return new NodeInfo(BACKEND, Network.REGTEST.displayName(), key.nodeId().hex(), List.of(uri));
  }

  /** Stops every settlement stream and releases the journal. Calling it again does nothing. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      settled.signalAll();
    } finally {
      lock.unlock();
    }
    streams.forEach(Stream::close);
    journal.close();
  }

  private SignedBolt11 read(Bolt11 paymentRequest) {
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    try {
      return Bolt11Codec.decode(paymentRequest.text());
    } catch (Bolt11FormatException e) {
      throw new NodeRejectedException("not a valid BOLT11 invoice: " + e.getMessage(), e);
    }
  }

  /** Writes the entry to the journal, then applies it: memory never runs ahead of the disk. */
  private void record(JournalEntry entry) {
    try {
      journal.append(entry);
    } catch (UncheckedIOException e) {
      throw new NodeUnavailableException("the simulated node cannot write its journal", e);
    }
    apply(entry);
  }

  private void apply(JournalEntry entry) {
    switch (entry) {
      case InvoiceIssued issued -> {
        invoices.put(issued.paymentHash(), issued);
        byLabel.put(issued.label(), issued.paymentHash());
      }
      case InvoiceSettled settlement -> {
        if (settlement.cursor() != settlements.size() + 1L || !invoices.containsKey(settlement.paymentHash())) {
          throw new IllegalStateException("the simulated node's journal is inconsistent at settlement "
              + settlement.cursor());
        }
        settlements.add(settlement);
        settlementsByHash.put(settlement.paymentHash(), settlement);
      }
      case JournalEntry.PaymentRecord payment -> payments.put(payment.paymentHash(), payment);
    }
  }

  private Invoice view(InvoiceIssued issued) {
    Invoice open = Invoice.open(issued.paymentHash(), issued.paymentRequest(), issued.amount(), issued.createdAt(),
        issued.expiresAt());
    InvoiceSettled settlement = settlementsByHash.get(issued.paymentHash());
    if (settlement != null) {
      return open.settled(settlement.settledAt());
    }
    return open.isLapsed(clock.instant()) ? open.canceled() : open;
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }

  private void requireOpen() {
    if (closed) {
      throw new NodeUnavailableException("the simulated node is closed");
    }
  }

  /** One subscriber's delivery thread: the backlog after its cursor, then each new settlement. */
  private final class Stream implements SettlementSubscription {

    private final Consumer<Settlement> listener;
    private final Thread thread;
    private volatile boolean stopped;
    private long delivered;

    Stream(long afterCursor, Consumer<Settlement> listener) {
      this.delivered = afterCursor;
      this.listener = listener;
      this.thread = Thread.ofVirtual().name("simnode-settlements-after-" + afterCursor).unstarted(this::run);
    }

    void start() {
      thread.start();
    }

    private void run() {
      while (!stopped) {
        List<InvoiceSettled> batch;
        lock.lock();
        try {
          while (!stopped && !closed && settlements.size() <= delivered) {
            settled.await(1, TimeUnit.SECONDS);
          }
          if (stopped || closed) {
            return;
          }
          batch = List.copyOf(settlements.subList((int) delivered, settlements.size()));
        } catch (InterruptedException e) {
          return;
        } finally {
          lock.unlock();
        }
        for (InvoiceSettled settlement : batch) {
          if (stopped) {
            return;
          }
          deliver(settlement);
          delivered = settlement.cursor();
        }
      }
    }

    private void deliver(InvoiceSettled settlement) {
      try {
        listener.accept(new Settlement(settlement.paymentHash(), settlement.settledAt(), settlement.cursor()));
      } catch (RuntimeException e) {
        // the listener's own failure; the stream goes on, and the consumer reconciles on its next start
        LOG.log(Level.WARNING, "settlement listener failed on {0}: {1}", settlement.paymentHash(), e.toString());
      }
    }

    @Override
    public void close() {
      stopped = true;
      streams.remove(this);
      lock.lock();
      try {
        settled.signalAll();
      } finally {
        lock.unlock();
      }
      if (Thread.currentThread() != thread) {
        try {
          if (!thread.join(CLOSE_PATIENCE)) {
            thread.interrupt();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
