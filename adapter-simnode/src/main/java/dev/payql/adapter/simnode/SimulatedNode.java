package dev.payql.adapter.simnode;

import dev.payql.adapter.simnode.Archive.Archived;
import dev.payql.adapter.simnode.JournalEntry.InvoiceIssued;
import dev.payql.adapter.simnode.JournalEntry.InvoiceSettled;
import dev.payql.adapter.simnode.JournalEntry.PaymentRecord;
import dev.payql.adapter.simnode.JournalEntry.PaymentSent;
import dev.payql.adapter.simnode.bolt11.Bolt11Codec;
import dev.payql.adapter.simnode.bolt11.Bolt11FormatException;
import dev.payql.adapter.simnode.bolt11.Bolt11Invoice;
import dev.payql.adapter.simnode.bolt11.Network;
import dev.payql.adapter.simnode.bolt11.NodeKey;
import dev.payql.adapter.simnode.bolt11.SignedBolt11;
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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A Lightning node simulated in process: PayQL's embedded default and a test double for hosts.
 *
 * <p>It signs real BOLT11 invoices on regtest ({@code lnbcrt…}) with a key kept in
 * {@code <dataDirectory>/simnode.key}, so any BOLT11 decoder reads them and recovers this node's id.
 * Nothing is routed: an invoice is paid by {@link #settle(Bolt11)} (behind {@code POST /dev/pay}).
 * Unpaid invoices past their expiry read as CANCELED, as LND reports them. Every time comes from
 * the given {@link Clock}.
 *
 * <p>Durability (ADR 0018): every invoice, settlement and payment is answered only once its journal
 * record is on disk; records of concurrent callers share one fsync (group commit, {@link Journal}).
 * A record that cannot be written (a full disk) is a {@link NodeUnavailableException} and changes
 * nothing; the node carries on by itself once the disk takes writes again. Checkpoints move
 * invoices that can no longer change into an on-disk {@link Archive} and let a start read only the
 * open invoices and a short journal tail, so memory and start time follow the open invoices, not
 * every invoice ever issued.
 *
 * <p>Close it to stop its settlement streams and release the data directory; only one open node may
 * use a data directory at a time.
 */
public final class SimulatedNode implements LightningNode, AutoCloseable {

  public static final String BACKEND = "simulated";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9735;
  static final String LOCK = "simnode.lock";
  /** A checkpoint follows at least this many records, and at least as many as there are open invoices. */
  static final int CHECKPOINT_EVERY = 10_000;

  /** BOLT #11 "c" default; written out because a writer MUST include the field. */
  private static final long MIN_FINAL_CLTV_EXPIRY = 18;
  /** var_onion_optin and payment_secret compulsory, basic_mpp optional: what LND and CLN invoices carry. */
  private static final int[] INVOICE_FEATURES = {8, 14, 17};
  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);
  /** How long a caller waits for the journal before answering unavailable: a hang guard, not a pace. */
  private static final Duration JOURNAL_PATIENCE = Duration.ofSeconds(30);
  private static final int STREAM_BATCH = 512;
  private static final System.Logger LOG = System.getLogger(SimulatedNode.class.getName());

  private final Path dataDirectory;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final NodeKey key;
  private final PreimageSeed preimages;
  private final String uri;
  private final int checkpointEvery;
  private final FileChannel lockChannel;
  private final FileLock directoryLock;
  private final Archive archive;
  private final Journal journal;
  private final ExecutorService checkpointer;
  private final AtomicReference<Snapshot> nextCheckpoint = new AtomicReference<>();

  // guarded by lock: the invoices in memory (open ones, and final ones until a checkpoint archives them)
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private final Map<String, PaymentHash> byLabel = new HashMap<>();
  private final Map<PaymentHash, InvoiceIssued> invoices = new HashMap<>();
  private final Map<PaymentHash, InvoiceSettled> settlementsByHash = new HashMap<>();
  /** Settlements not archived yet: index i holds cursor archivedSettlements + i + 1. */
  private List<InvoiceSettled> settlementTail = new ArrayList<>();
  private long archivedSettlements;
  /** Counts evictions to the archive, so a look-up that left the lock knows to look again. */
  private long evictions;
  private final Map<PaymentHash, PaymentRecord> payments = new HashMap<>();
  private final Map<String, CompletableFuture<Void>> labelsBeingWritten = new HashMap<>();
  private final Map<PaymentHash, CompletableFuture<Void>> settlementsBeingWritten = new HashMap<>();
  private final Map<PaymentHash, CompletableFuture<Void>> paymentsBeingWritten = new HashMap<>();
  private long recordsSinceCheckpoint;
  private boolean closed;

  private final Set<SettlementStream> streams = ConcurrentHashMap.newKeySet();

  /** A node advertising {@code 127.0.0.1:9735}. */
  public SimulatedNode(Path dataDirectory, Clock clock) {
    this(dataDirectory, clock, DEFAULT_HOST, DEFAULT_PORT);
  }

  /**
   * @param dataDirectory where the key, the journal and the archive live; created if missing
   * @param host the host {@link #info()} advertises for channel opening
   * @param port the port {@link #info()} advertises
   * @throws UncheckedIOException when the directory, key or journal cannot be read or written
   * @throws IllegalStateException when the key or journal is damaged, or another open node uses the directory
   */
  public SimulatedNode(Path dataDirectory, Clock clock, String host, int port) {
    this(dataDirectory, clock, host, port, CHECKPOINT_EVERY);
  }

  SimulatedNode(Path dataDirectory, Clock clock, String host, int port, int checkpointEvery) {
    this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("advertise a host and a port in 1..65535, not " + host + ":" + port);
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpoint after at least one record");
    }
    this.checkpointEvery = checkpointEvery;
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Files.createDirectories(dataDirectory);
      this.lockChannel = FileChannel.open(dataDirectory.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      opened.add(lockChannel);
      this.directoryLock = lockDirectory(lockChannel, dataDirectory);
      this.key = NodeKeyFile.loadOrCreate(dataDirectory, random);
      Checkpoint checkpoint = startingCheckpoint();
      this.archive = Archive.open(dataDirectory, checkpoint.archiveLength(), checkpoint.archivedSettlements());
      opened.add(archive);
      restore(checkpoint);
      long generation = replayJournals(checkpoint.generation());
      this.checkpointer = Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("simnode-checkpoint").factory());
      this.journal = Journal.open(dataDirectory, generation, new Listener());
      if (recordsSinceCheckpoint >= threshold()) {
        journal.requestRotation();
      }
    } catch (IOException e) {
      closeAll(opened);
      throw new UncheckedIOException("the simulated node cannot use " + dataDirectory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
    this.preimages = new PreimageSeed(key);
    this.uri = key.nodeId().hex() + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    LOG.log(Level.INFO, "simulated node {0} started from {1}: {2} invoice(s) in memory, {3} settlement(s) ({4} "
            + "archived), {5} journal record(s) replayed; signing with {6}",
        key.nodeId(), dataDirectory, invoices.size(), archivedSettlements + settlementTail.size(), archivedSettlements,
        recordsSinceCheckpoint, NodeKey.signer());
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    Objects.requireNonNull(request, "request");
    while (true) {
      CompletableFuture<Void> inFlight;
      long evictionsSeen;
      lock.lock();
      try {
        requireOpen();
        PaymentHash known = byLabel.get(request.label());
        if (known != null) {
          return sameAmount(request, view(invoices.get(known)), invoices.get(known).amount());
        }
        inFlight = labelsBeingWritten.get(request.label());
        evictionsSeen = evictions;
      } finally {
        lock.unlock();
      }
      if (inFlight != null) {
        inFlight.handle((ok, failed) -> null).join();
        continue;
      }
      Optional<Archived> archived = archived(() -> archive.byLabel(request.label()));
      if (archived.isPresent()) {
        return sameAmount(request, view(archived.get()), archived.get().issued().amount());
      }
      InvoiceIssued issued = sign(request);
      CompletableFuture<Void> written;
      lock.lock();
      try {
        requireOpen();
        if (evictions != evictionsSeen || byLabel.containsKey(request.label())
            || labelsBeingWritten.containsKey(request.label())) {
          continue;
        }
        written = journal.append(issued);
        labelsBeingWritten.put(request.label(), written);
      } finally {
        lock.unlock();
      }
      written.whenComplete((ok, failed) -> forget(labelsBeingWritten, request.label(), written));
      await(written, "the invoice");
      return view(issued);
    }
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    Objects.requireNonNull(paymentHash, "paymentHash");
    lock.lock();
    try {
      requireOpen();
      InvoiceIssued issued = invoices.get(paymentHash);
      if (issued != null) {
        return Optional.of(view(issued));
      }
    } finally {
      lock.unlock();
    }
    // not in memory: never issued, or archived (a final invoice leaves memory only once archived)
    return archived(() -> archive.byHash(paymentHash)).map(this::view);
  }

  /**
   * Pays one of this node's invoices, as a buyer's wallet would, and returns its preimage, the
   * buyer's proof of payment, once the settlement is on disk. Settling an invoice that is already
   * settled returns the same preimage again and changes nothing, so a client may retry after a lost
   * answer.
   *
   * @throws SettlementRefusedException when the text is not a valid invoice, this node did not issue
   *     it, or it lapsed unpaid
   * @throws NodeUnavailableException when the settlement cannot be recorded (then nothing changed)
   */
  public Preimage settle(Bolt11 paymentRequest) {
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    PaymentHash hash = paymentHashOf(paymentRequest);
    while (true) {
      CompletableFuture<Void> written;
      boolean ours = false;
      lock.lock();
      try {
        requireOpen();
        InvoiceIssued issued = invoices.get(hash);
        if (issued == null) {
          written = null;
        } else {
          requireIssuedAs(issued, paymentRequest);
          if (settlementsByHash.containsKey(hash)) {
            return preimageOf(issued);
          }
          written = settlementsBeingWritten.get(hash);
          if (written == null) {
            Instant now = clock.instant();
            if (!now.isBefore(issued.expiresAt())) {
              throw expired(issued);
            }
            written = journal.append(new InvoiceSettled(hash, now));
            settlementsBeingWritten.put(hash, written);
            ours = true;
          }
        }
      } finally {
        lock.unlock();
      }
      if (written == null) {
        return settleArchived(hash, paymentRequest);
      }
      if (ours) {
        CompletableFuture<Void> mine = written;
        mine.whenComplete((ok, failed) -> forget(settlementsBeingWritten, hash, mine));
        await(mine, "the settlement");
      } else {
        written.handle((ok, failed) -> null).join();
      }
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
      SettlementStream stream = new SettlementStream(afterCursor, listener);
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
   * Records a refund as paid at once, with no fee: a simulated node routes nothing, so a payment is
   * never in flight, and the embedded default can show a refund end to end. Refused with a reason,
   * as a real node would refuse it, when the request cannot be read, is for another network, names
   * no amount or another amount than the order's, has expired, or is this node's own. A hash paid
   * already is not paid again: the first payment is reported. Nothing is answered before the
   * journal holds it.
   */
  @Override
  public PaymentOutcome pay(PaymentOrder order) {
    Objects.requireNonNull(order, "order");
    SignedBolt11 signed;
    try {
      signed = read(order.paymentRequest());
    } catch (NodeRejectedException e) {
      return new PaymentOutcome.Failed(e.getMessage());
    }
    Bolt11Invoice fields = signed.invoice();
    if (fields.network() != Network.REGTEST) {
      return new PaymentOutcome.Failed("the invoice is for " + fields.network().displayName()
          + " and this simulated node runs on regtest");
    }
    if (signed.payee().equals(key.nodeId())) {
      return new PaymentOutcome.Failed("the invoice is this node's own; a node does not pay itself");
    }
    if (fields.amount().isEmpty()) {
      return new PaymentOutcome.Failed("the invoice names no amount");
    }
    Msat amount = fields.amount().get();
    if (!amount.equals(order.amount())) {
      return new PaymentOutcome.Failed("the invoice asks for " + amount + ", not the " + order.amount() + " ordered");
    }
    return recordOnce(fields.paymentHash(), () -> {
      Instant now = clock.instant();
      return now.isBefore(fields.expiresAt())
          ? new PaymentSent(fields.paymentHash(), amount, now, new Bolt11(signed.text()))
          : null;
    }).orElseGet(() -> new PaymentOutcome.Failed("the invoice expired at " + fields.expiresAt()));
  }

  /** What this node journaled about its payment for {@code paymentHash}. */
  @Override
  public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    Objects.requireNonNull(paymentHash, "paymentHash");
    lock.lock();
    try {
      requireOpen();
      return Optional.ofNullable(payments.get(paymentHash)).map(PaymentRecord::outcome);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public NodeInfo info() {
    return new NodeInfo(BACKEND, Network.REGTEST.displayName(), key.nodeId().hex(), List.of(uri));
  }

  /** Stops every settlement stream, writes what is queued and releases the data directory. Idempotent. */
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
    streams.forEach(SettlementStream::close);
    journal.close();
    checkpointer.shutdown();
    try {
      if (!checkpointer.awaitTermination(CLOSE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, "a checkpoint was still running at close; the next start reads the journal instead");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    archive.close();
    closeAll(List.of(lockChannel, directoryLock));
  }

  /** Asks for a checkpoint now rather than after the next records. */
  void checkpointSoon() {
    journal.requestRotation();
  }

  /** How many invoices memory holds now: the open ones, and final ones not archived yet. */
  int invoicesInMemory() {
    lock.lock();
    try {
      return invoices.size();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- payments

  /** The refunds this node has paid, oldest first. */
  public List<SentPayment> sentPayments() {
    lock.lock();
    try {
      return payments.values().stream()
          .filter(PaymentSent.class::isInstance)
          .map(PaymentSent.class::cast)
          .sorted(Comparator.comparing(PaymentSent::paidAt))
          .map(p -> new SentPayment(p.paymentHash(), p.amount(), p.paidAt(), p.paymentRequest()))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Journals the one payment of {@code hash}, made by {@code attempt} (empty: nothing was sent),
   * and answers its outcome once durable; a payment journaled or being journaled already is
   * reported instead, so one hash is never paid twice.
   */
  private Optional<PaymentOutcome> recordOnce(PaymentHash hash, Supplier<PaymentRecord> attempt) {
    while (true) {
      CompletableFuture<Void> written;
      boolean ours = false;
      lock.lock();
      try {
        requireOpen();
        PaymentRecord earlier = payments.get(hash);
        if (earlier != null) {
          return Optional.of(earlier.outcome());
        }
        written = paymentsBeingWritten.get(hash);
        if (written == null) {
          PaymentRecord record = attempt.get();
          if (record == null) {
            return Optional.empty();
          }
          written = journal.append(record);
          paymentsBeingWritten.put(hash, written);
          ours = true;
        }
      } finally {
        lock.unlock();
      }
      if (ours) {
        CompletableFuture<Void> mine = written;
        mine.whenComplete((ok, failed) -> forget(paymentsBeingWritten, hash, mine));
        await(mine, "the payment");
      } else {
        written.handle((ok, failed) -> null).join();
      }
    }
  }

  // ---------------------------------------------------------------- invoices and settlements

  /** Signs outside any lock: signing is the costly part and needs nothing shared. */
  private InvoiceIssued sign(InvoiceRequest request) {
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
    return new InvoiceIssued(request.label(), hash, request.amount(), createdAt, createdAt.plus(expiry),
        HexFormat.of().formatHex(nonce), new Bolt11(Bolt11Codec.encode(fields, key)));
  }

  private static Invoice sameAmount(InvoiceRequest request, Invoice invoice, dev.payql.domain.money.Msat amount) {
    if (!amount.equals(request.amount())) {
      throw new NodeRejectedException("label " + request.label() + " already names an invoice for " + amount
          + ", not " + request.amount());
    }
    return invoice;
  }

  private Preimage settleArchived(PaymentHash hash, Bolt11 paymentRequest) {
    Optional<Archived> archived = archived(() -> archive.byHash(hash));
    if (archived.isEmpty()) {
      throw unknown(paymentRequest);
    }
    InvoiceIssued issued = archived.get().issued();
    requireIssuedAs(issued, paymentRequest);
    if (!archived.get().isSettled()) {
      throw expired(issued);
    }
    return preimageOf(issued);
  }

  /** The hash, read without checking the signature: the whole text is compared with what this node signed. */
  private static PaymentHash paymentHashOf(Bolt11 paymentRequest) {
    try {
      return Bolt11Codec.decodeUnverified(paymentRequest.text()).paymentHash();
    } catch (Bolt11FormatException e) {
      throw new SettlementRefusedException(SettlementRefusedException.Reason.MALFORMED,
          "not a valid BOLT11 invoice: " + e.getMessage());
    }
  }

  private static void requireIssuedAs(InvoiceIssued issued, Bolt11 paymentRequest) {
    if (!issued.paymentRequest().equals(paymentRequest)) {
      throw unknown(paymentRequest);
    }
  }

  /** Not one of ours: malformed if its signature does not even check out, else simply unknown here. */
  private static SettlementRefusedException unknown(Bolt11 paymentRequest) {
    try {
      Bolt11Codec.decode(paymentRequest.text());
    } catch (Bolt11FormatException e) {
      return new SettlementRefusedException(SettlementRefusedException.Reason.MALFORMED,
          "not a valid BOLT11 invoice: " + e.getMessage());
    }
    return new SettlementRefusedException(SettlementRefusedException.Reason.UNKNOWN_INVOICE,
        "this node did not issue that invoice");
  }

  private static SettlementRefusedException expired(InvoiceIssued issued) {
    return new SettlementRefusedException(SettlementRefusedException.Reason.EXPIRED,
        "the invoice expired at " + issued.expiresAt());
  }

  private Preimage preimageOf(InvoiceIssued issued) {
    return preimages.preimage(HexFormat.of().parseHex(issued.nonce()));
  }

  private SignedBolt11 read(Bolt11 paymentRequest) {
    Objects.requireNonNull(paymentRequest, "paymentRequest");
    try {
      return Bolt11Codec.decode(paymentRequest.text());
    } catch (Bolt11FormatException e) {
      throw new NodeRejectedException("not a valid BOLT11 invoice: " + e.getMessage(), e);
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

  private Invoice view(Archived archived) {
    InvoiceIssued issued = archived.issued();
    Invoice open = Invoice.open(issued.paymentHash(), issued.paymentRequest(), issued.amount(), issued.createdAt(),
        issued.expiresAt());
    return archived.isSettled() ? open.settled(archived.settledAt()) : open.canceled();
  }

  // ---------------------------------------------------------------- journal, replay, checkpoints

  /** Applies one committed record; callers hold the lock. Replay and live writes share it. */
  private void apply(JournalEntry entry) {
    switch (entry) {
      case InvoiceIssued issued -> {
        if (invoices.putIfAbsent(issued.paymentHash(), issued) == null) {
          byLabel.put(issued.label(), issued.paymentHash());
        }
      }
      case InvoiceSettled settlement -> {
        if (!invoices.containsKey(settlement.paymentHash())) {
          throw new IllegalStateException("the simulated node's journal settles " + settlement.paymentHash()
              + ", which is not an open invoice");
        }
        if (settlementsByHash.putIfAbsent(settlement.paymentHash(), settlement) == null) {
          settlementTail.add(settlement);
          settled.signalAll();
        }
      }
      case PaymentRecord payment -> payments.putIfAbsent(payment.paymentHash(), payment);
    }
    recordsSinceCheckpoint++;
  }

  /**
   * Records between checkpoints: at least {@code checkpointEvery}, and at least as many as there
   * are open invoices, which every checkpoint writes out again: so a checkpoint never costs more
   * than the records it replaces.
   */
  private long threshold() {
    return Math.max(checkpointEvery, invoices.size() - settlementsByHash.size());
  }

  private final class Listener implements Journal.Listener {
    @Override
    public void committed(List<JournalEntry> records) {
      lock.lock();
      try {
        records.forEach(SimulatedNode.this::apply);
        if (recordsSinceCheckpoint >= threshold()) {
          journal.requestRotation();
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void rotated(long generation) {
      Snapshot snapshot;
      lock.lock();
      try {
        // the writer is between groups: memory holds exactly the generations before this one
        snapshot = new Snapshot(generation, Map.copyOf(invoices), Map.copyOf(settlementsByHash),
            List.copyOf(settlementTail), archivedSettlements, List.copyOf(payments.values()));
        recordsSinceCheckpoint = 0;
      } finally {
        lock.unlock();
      }
      if (nextCheckpoint.getAndSet(snapshot) == null) {
        checkpointer.execute(SimulatedNode.this::checkpointLatest);
      }
    }
  }

  /** The state where journal {@code generation} begins. */
  private record Snapshot(long generation, Map<PaymentHash, InvoiceIssued> invoices,
      Map<PaymentHash, InvoiceSettled> settlementsByHash, List<InvoiceSettled> settlementTail,
      long archivedSettlements, List<PaymentRecord> payments) {}

  private void checkpointLatest() {
    Snapshot snapshot = nextCheckpoint.getAndSet(null);
    if (snapshot != null) {
      checkpoint(snapshot);
    }
  }

  /**
   * Archives what can no longer change, writes the checkpoint, drops the journals it replaces and
   * evicts the archived invoices from memory. A failure (a full disk) leaves the last checkpoint and
   * the journals as they were; the next rotation tries again.
   */
  private void checkpoint(Snapshot snapshot) {
    long startLength = archive.length();
    long startSettlements = archive.settlementCount();
    Instant now = clock.instant();
    Set<PaymentHash> archived = new HashSet<>();
    List<InvoiceIssued> open = new ArrayList<>();
    try {
      archive.beginChanges();
      long cursor = snapshot.archivedSettlements();
      for (InvoiceSettled settlement : snapshot.settlementTail()) {
        cursor++;
        archived.add(settlement.paymentHash());
        // an earlier checkpoint may have archived it while this snapshot waited
        if (cursor > archive.settlementCount()) {
          archive.add(Archived.settled(snapshot.invoices().get(settlement.paymentHash()), cursor,
              settlement.settledAt()));
        }
      }
      for (InvoiceIssued issued : snapshot.invoices().values()) {
        if (archived.contains(issued.paymentHash())) {
          continue;
        }
        if (now.isBefore(issued.expiresAt())) {
          open.add(issued);
        } else {
          archived.add(issued.paymentHash());
          if (archive.byHash(issued.paymentHash()).isEmpty()) {
            archive.add(Archived.lapsed(issued));
          }
        }
      }
      archive.sync();
      new Checkpoint(snapshot.generation(), archive.length(), archive.settlementCount(), open, snapshot.payments())
          .write(dataDirectory);
    } catch (IOException | RuntimeException e) {
      archive.rollBack(startLength, startSettlements);
      LOG.log(Level.WARNING, "checkpoint at journal generation {0} failed, the journal is kept and the next one "
          + "tries again: {1}", snapshot.generation(), e.toString());
      return;
    }
    // the checkpoint is on disk: what follows only tidies up, and a start redoes it
    evict(archived, archive.settlementCount());
    try {
      archive.endChanges();
      deleteJournalsBefore(snapshot.generation());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "checkpoint at journal generation {0} could not tidy up: {1}", snapshot.generation(),
          e.toString());
    }
    LOG.log(Level.DEBUG, "checkpoint at journal generation {0}: {1} open invoice(s), {2} archived",
        snapshot.generation(), open.size(), archived.size());
  }

  private void evict(Set<PaymentHash> archived, long settlementsNowArchived) {
    lock.lock();
    try {
      for (PaymentHash hash : archived) {
        InvoiceIssued issued = invoices.remove(hash);
        if (issued != null) {
          byLabel.remove(issued.label());
        }
        settlementsByHash.remove(hash);
      }
      int dropped = (int) (settlementsNowArchived - archivedSettlements);
      if (dropped > 0) {
        settlementTail = new ArrayList<>(settlementTail.subList(dropped, settlementTail.size()));
        archivedSettlements = settlementsNowArchived;
      }
      evictions++;
    } finally {
      lock.unlock();
    }
  }

  /** The checkpoint to start from; an earlier version's journal becomes the first one. */
  private Checkpoint startingCheckpoint() throws IOException {
    Optional<Checkpoint> found = Checkpoint.read(dataDirectory);
    Path legacy = dataDirectory.resolve(LegacyJournal.FILE);
    if (found.isPresent()) {
      Files.deleteIfExists(legacy); // an import that stopped after its checkpoint
      return found.get();
    }
    if (!Files.exists(legacy)) {
      return Checkpoint.initial();
    }
    List<JournalEntry> entries = LegacyJournal.read(legacy);
    lock.lock();
    try {
      entries.forEach(this::apply);
    } finally {
      lock.unlock();
    }
    Checkpoint imported;
    try (Archive fresh = Archive.open(dataDirectory, 0, 0)) {
      // archive what the old journal settled, in cursor order, so streams resume where they were
      long cursor = 0;
      for (InvoiceSettled settlement : settlementTail) {
        fresh.add(Archived.settled(invoices.get(settlement.paymentHash()), ++cursor, settlement.settledAt()));
      }
      fresh.sync();
      List<InvoiceIssued> open = invoices.values().stream()
          .filter(i -> !settlementsByHash.containsKey(i.paymentHash())).toList();
      imported = new Checkpoint(1, fresh.length(), fresh.settlementCount(), open, List.copyOf(payments.values()));
      imported.write(dataDirectory);
    }
    Files.delete(legacy);
    LOG.log(Level.INFO, "imported {0} record(s) of {1} into a checkpoint", entries.size(), legacy);
    lock.lock();
    try {
      invoices.clear();
      byLabel.clear();
      settlementsByHash.clear();
      settlementTail = new ArrayList<>();
      payments.clear();
      recordsSinceCheckpoint = 0;
    } finally {
      lock.unlock();
    }
    return imported;
  }

  private void restore(Checkpoint checkpoint) {
    lock.lock();
    try {
      archivedSettlements = checkpoint.archivedSettlements();
      checkpoint.openInvoices().forEach(this::apply);
      checkpoint.payments().forEach(this::apply);
      recordsSinceCheckpoint = 0;
    } finally {
      lock.unlock();
    }
  }

  /** Replays every journal from the checkpoint's generation on; returns the generation to write to. */
  private long replayJournals(long fromGeneration) throws IOException {
    List<Long> generations = journalGenerations();
    for (long stale : generations) {
      if (stale < fromGeneration) {
        Files.deleteIfExists(Journal.file(dataDirectory, stale)); // a checkpoint that stopped before cleaning up
      }
    }
    List<Long> toReplay = generations.stream().filter(g -> g >= fromGeneration).toList();
    long expected = fromGeneration;
    for (int i = 0; i < toReplay.size(); i++) {
      long generation = toReplay.get(i);
      Path file = Journal.file(dataDirectory, generation);
      if (generation != expected) {
        throw new IllegalStateException("journal generation " + expected + " is missing before " + file
            + "; restore the data directory from a backup");
      }
      Frames.Contents contents = Frames.read(file.toString(), Files.readAllBytes(file));
      if (contents.droppedTail().isPresent()) {
        if (i < toReplay.size() - 1) {
          throw new IllegalStateException(file + " ends in a torn group but a later journal follows it: "
              + contents.droppedTail().get());
        }
        LOG.log(Level.WARNING, "{0}: dropping {1}; those records were never acknowledged", file,
            contents.droppedTail().get());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(contents.committedLength());
          channel.force(true);
        }
      }
      lock.lock();
      try {
        int line = 0;
        for (String record : contents.records()) {
          line++;
          try {
            apply(JournalEntry.parse(record));
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " record " + line + " cannot be read: " + e.getMessage(), e);
          }
        }
      } finally {
        lock.unlock();
      }
      expected++;
    }
    return toReplay.isEmpty() ? fromGeneration : toReplay.getLast();
  }

  private List<Long> journalGenerations() throws IOException {
    try (Stream<Path> files = Files.list(dataDirectory)) {
      return files.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(Journal.PREFIX) && name.substring(Journal.PREFIX.length()).matches("[0-9]{1,18}"))
          .map(name -> Long.parseLong(name.substring(Journal.PREFIX.length())))
          .sorted()
          .toList();
    }
  }

  private void deleteJournalsBefore(long generation) throws IOException {
    for (long old : journalGenerations()) {
      if (old < generation) {
        Files.deleteIfExists(Journal.file(dataDirectory, old));
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private interface ArchiveRead<T> {
    Optional<T> read() throws IOException;
  }

  private <T> Optional<T> archived(ArchiveRead<T> read) {
    try {
      return read.read();
    } catch (IOException e) {
      throw new NodeUnavailableException("the simulated node cannot read its archive: " + e.getMessage(), e);
    }
  }

  /** Waits until the journal has the record; unavailable if it cannot be written. */
  private static void await(CompletableFuture<Void> written, String what) {
    try {
      written.get(JOURNAL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new NodeUnavailableException("the simulated node could not record " + what + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new NodeUnavailableException("the simulated node's journal did not confirm " + what + " within "
          + JOURNAL_PATIENCE.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeUnavailableException("interrupted while recording " + what);
    }
  }

  private <K> void forget(Map<K, CompletableFuture<Void>> beingWritten, K key, CompletableFuture<Void> written) {
    lock.lock();
    try {
      beingWritten.remove(key, written);
    } finally {
      lock.unlock();
    }
  }

  private static FileLock lockDirectory(FileChannel channel, Path dataDirectory) throws IOException {
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    }
    if (held == null) {
      throw new IllegalStateException(dataDirectory + " is in use by another simulated node; close it first");
    }
    return held;
  }

  private static void closeAll(List<? extends AutoCloseable> closeables) {
    for (AutoCloseable closeable : closeables.reversed()) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "could not close a simulated node file: {0}", e.toString());
      }
    }
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

  /** One subscriber's delivery thread: the backlog after its cursor (from the archive, then memory), then each new settlement. */
  private final class SettlementStream implements SettlementSubscription {

    private final Consumer<Settlement> listener;
    private final Thread thread;
    private volatile boolean stopped;
    private long delivered;

    SettlementStream(long afterCursor, Consumer<Settlement> listener) {
      this.delivered = afterCursor;
      this.listener = listener;
      this.thread = Thread.ofVirtual().name("simnode-settlements-after-" + afterCursor).unstarted(this::run);
    }

    void start() {
      thread.start();
    }

    private void run() {
      while (!stopped) {
        List<Settlement> batch;
        boolean fromArchive;
        lock.lock();
        try {
          while (!stopped && !closed && archivedSettlements + settlementTail.size() <= delivered) {
            settled.await(1, TimeUnit.SECONDS);
          }
          if (stopped || closed) {
            return;
          }
          fromArchive = delivered < archivedSettlements;
          batch = fromArchive ? List.of() : fromMemory();
        } catch (InterruptedException e) {
          return;
        } finally {
          lock.unlock();
        }
        if (fromArchive) {
          try {
            batch = archive.settlementsAfter(delivered, STREAM_BATCH).stream()
                .map(a -> new Settlement(a.issued().paymentHash(), a.settledAt(), a.cursor()))
                .toList();
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read archived settlements after {0}, retrying: {1}", delivered, e.toString());
            pause();
            continue;
          }
        }
        for (Settlement settlement : batch) {
          if (stopped) {
            return;
          }
          deliver(settlement);
          delivered = settlement.cursor();
        }
      }
    }

    private List<Settlement> fromMemory() {
      List<Settlement> batch = new ArrayList<>();
      int first = (int) (delivered - archivedSettlements);
      for (int i = first; i < settlementTail.size() && batch.size() < STREAM_BATCH; i++) {
        InvoiceSettled s = settlementTail.get(i);
        batch.add(new Settlement(s.paymentHash(), s.settledAt(), archivedSettlements + i + 1));
      }
      return batch;
    }

    private void pause() {
      try {
        Thread.sleep(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        stopped = true;
      }
    }

    private void deliver(Settlement settlement) {
      try {
        listener.accept(settlement);
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
