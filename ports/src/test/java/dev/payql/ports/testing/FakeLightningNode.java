package dev.payql.ports.testing;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.DecodedPaymentRequest;
import dev.payql.ports.out.node.InvoiceRequest;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.node.LightningNodeContract.PaymentsInFlight;
import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node in memory for service tests. Payment requests are fake text of the right shape, keyed by
 * hash. It passes the node contract, so services see real semantics. Settlements are delivered
 * synchronously on the settling thread.
 *
 * <p>Outgoing payments (refunds) cost {@link #ROUTING_FEE} and are kept per payment hash as a real
 * node keeps them: a hash paid or being paid is never paid again, a failed one may be tried again.
 * {@link #holdPayments} keeps payments to a request in flight past the deadline (pay answers
 * Pending) until the test lets them succeed or fail; {@link #loseNextPaymentAnswer} makes the next
 * pay go out but its answer get lost, as a timeout would.
 */
public final class FakeLightningNode implements LightningNode {

  /** What routing costs on top of every payment this node sends. */
  public static final Msat ROUTING_FEE = Msat.of(1);

  private final Clock clock;
  private final Map<String, Invoice> byLabel = new LinkedHashMap<>();
  private final Map<PaymentHash, Invoice> byHash = new LinkedHashMap<>();
  private final Map<PaymentHash, Preimage> preimages = new LinkedHashMap<>();
  private final Map<Bolt11, DecodedPaymentRequest> foreign = new LinkedHashMap<>();
  private final List<Settlement> settlements = new ArrayList<>();
  private final List<Consumer<Settlement>> listeners = new CopyOnWriteArrayList<>();
  private final List<Bolt11> paid = new ArrayList<>();
  private final List<PaymentOrder> sent = new ArrayList<>();
  private final Map<PaymentHash, PaymentOutcome> outgoing = new LinkedHashMap<>();
  private final Set<Bolt11> held = new HashSet<>();
  private final String pubkey = "03" + "cd".repeat(32);
  private volatile boolean down;
  private boolean loseNextPaymentAnswer;
  private boolean paymentsDenied;

  public FakeLightningNode(Clock clock) {
    this.clock = clock;
  }

  /** Makes every call fail as an unreachable node does. */
  public void goDown() {
    down = true;
  }

  public void comeBack() {
    down = false;
  }

  private void checkUp() {
    if (down) {
      throw new NodeUnavailableException("fake node is down");
    }
  }

  @Override
  public synchronized Invoice createInvoice(InvoiceRequest request) {
    checkUp();
    Invoice existing = byLabel.get(request.label());
    if (existing != null) {
      return existing;
    }
    Preimage preimage = Preimage.of(TestPurchases.randomBytes(32));
    PaymentHash hash = preimage.paymentHash();
    preimages.put(hash, preimage);
    var now = clock.instant();
    Invoice invoice = Invoice.open(hash, fakeRequest(hash), request.amount(), now, now.plus(request.expiry()));
    byLabel.put(request.label(), invoice);
    byHash.put(hash, invoice);
    return invoice;
  }

  /** How many invoices this node was asked to create. */
  public synchronized int invoiceCount() {
    return byHash.size();
  }

  @Override
  public synchronized Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    checkUp();
    Invoice invoice = byHash.get(paymentHash);
    if (invoice != null && invoice.state() == InvoiceState.OPEN && invoice.isLapsed(clock.instant())) {
      return Optional.of(invoice.canceled());
    }
    return Optional.ofNullable(invoice);
  }

  /** Pays an invoice and returns its preimage, as a buyer's wallet does. */
  public Preimage pay(PaymentHash hash) {
    settle(hash);
    synchronized (this) {
      return preimages.get(hash);
    }
  }

  /** Pays an invoice, as a buyer's wallet would. */
  public void settle(PaymentHash hash) {
    Settlement settlement;
    synchronized (this) {
      Invoice invoice = byHash.get(hash);
      if (invoice == null || invoice.state() != InvoiceState.OPEN || invoice.isLapsed(clock.instant())) {
        throw new IllegalStateException("cannot pay " + hash);
      }
      Invoice settled = invoice.settled(clock.instant());
      byHash.put(hash, settled);
      byLabel.replaceAll((label, i) -> i.paymentHash().equals(hash) ? settled : i);
      settlement = new Settlement(hash, settled.settledAt().orElseThrow(), settlements.size() + 1);
      settlements.add(settlement);
    }
    listeners.forEach(listener -> listener.accept(settlement));
  }

  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    checkUp();
    List<Settlement> backlog;
    synchronized (this) {
      backlog = settlements.stream().filter(s -> s.cursor() > afterCursor).toList();
      listeners.add(listener);
    }
    backlog.forEach(listener);
    return () -> listeners.remove(listener);
  }

  /** Registers a request of "another node" that this one can decode and pay. */
  public Bolt11 foreignRequest(Msat amount) {
    return foreignRequest(amount, "02" + "ab".repeat(32));
  }

  /** A request payable to {@code payee}, which this node can decode (this node's own pubkey too). */
  public synchronized Bolt11 foreignRequest(Msat amount, String payee) {
    PaymentHash hash = TestPurchases.randomHash();
    Bolt11 request = fakeRequest(hash);
    foreign.put(request, new DecodedPaymentRequest(hash, Optional.of(amount), clock.instant().plusSeconds(3600), payee));
    return request;
  }

  /** Decodes the requests of "other nodes" and this node's own invoices. */
  @Override
  public synchronized DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    checkUp();
    DecodedPaymentRequest decoded = foreign.get(paymentRequest);
    if (decoded != null) {
      return decoded;
    }
    for (Invoice invoice : byHash.values()) {
      if (invoice.paymentRequest().equals(paymentRequest)) {
        return new DecodedPaymentRequest(invoice.paymentHash(), Optional.of(invoice.amount()), invoice.expiresAt(),
            pubkey);
      }
    }
    throw new NodeRejectedException("invalid payment request");
  }

  @Override
  public synchronized PaymentOutcome pay(PaymentOrder order) {
    if (paymentsDenied) {
      throw new NodeAccessDeniedException("fake node: the credentials do not allow paying (offchain:write)");
    }
    DecodedPaymentRequest decoded = decode(order.paymentRequest());
    PaymentHash hash = decoded.paymentHash();
    Optional<PaymentOutcome.Failed> refused = decoded.refusalOf(order);
    if (refused.isPresent()) {
      return refused.get();
    }
    PaymentOutcome earlier = outgoing.get(hash);
    if (earlier != null && !(earlier instanceof PaymentOutcome.Failed)) {
      return answer(earlier); // paid or being paid: never a second payment
    }
    if (decoded.payee().equals(pubkey)) {
      return answer(new PaymentOutcome.Failed("self-payments are not allowed"));
    }
    PaymentOutcome outcome;
    if (ROUTING_FEE.isGreaterThan(order.maxFee())) {
      outcome = new PaymentOutcome.Failed("no route within the fee limit of " + order.maxFee());
    } else {
      sent.add(order);
      if (held.contains(order.paymentRequest())) {
        outcome = new PaymentOutcome.Pending(hash);
      } else {
        paid.add(order.paymentRequest());
        outcome = new PaymentOutcome.Succeeded(hash, order.amount(), ROUTING_FEE);
      }
    }
    outgoing.put(hash, outcome);
    return answer(outcome);
  }

  /** The outcome, or, once after {@link #loseNextPaymentAnswer}, no answer at all. */
  private PaymentOutcome answer(PaymentOutcome outcome) {
    if (loseNextPaymentAnswer) {
      loseNextPaymentAnswer = false;
      throw new NodeUnavailableException("fake node: the answer to pay was lost");
    }
    return outcome;
  }

  @Override
  public synchronized Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    checkUp();
    return Optional.ofNullable(outgoing.get(paymentHash));
  }

  /** This node's held payments as the contract suites drive them. */
  public PaymentsInFlight paymentsInFlight() {
    return new PaymentsInFlight() {
      @Override
      public void hold(Bolt11 request) {
        holdPayments(request);
      }

      @Override
      public void succeed(Bolt11 request) {
        completeHeldPayment(request);
      }

      @Override
      public void fail(Bolt11 request) {
        failHeldPayment(request);
      }
    };
  }

  /** Payments to {@code request} stay in flight (pay answers Pending) until released below. */
  public synchronized void holdPayments(Bolt11 request) {
    held.add(request);
  }

  /** The payee takes the held payment to {@code request}. */
  public synchronized void completeHeldPayment(Bolt11 request) {
    PaymentHash hash = release(request);
    paid.add(request);
    PaymentOrder order = sent.reversed().stream().filter(o -> o.paymentRequest().equals(request)).findFirst()
        .orElseThrow();
    outgoing.put(hash, new PaymentOutcome.Succeeded(hash, order.amount(), ROUTING_FEE));
  }

  /** The held payment to {@code request} fails: nothing reaches the payee. */
  public synchronized void failHeldPayment(Bolt11 request) {
    PaymentHash hash = release(request);
    outgoing.put(hash, new PaymentOutcome.Failed("the payment timed out at a hop"));
  }

  private PaymentHash release(Bolt11 request) {
    PaymentHash hash = foreign.get(request).paymentHash();
    if (!held.remove(request) || !(outgoing.get(hash) instanceof PaymentOutcome.Pending)) {
      throw new IllegalStateException("no payment to " + request + " is in flight");
    }
    return hash;
  }

  /** Every pay is refused as credentials without the right to pay are (nothing is sent). */
  public synchronized void denyPayments() {
    paymentsDenied = true;
  }

  /** The next pay is carried out, but its caller hears nothing back (a deadline passed). */
  public synchronized void loseNextPaymentAnswer() {
    loseNextPaymentAnswer = true;
  }

  /** Requests whose payment reached the payee, in order. */
  public synchronized List<Bolt11> payments() {
    return List.copyOf(paid);
  }

  /** Every payment that left this node (attempts included), in order. */
  public synchronized List<PaymentOrder> sentOrders() {
    return List.copyOf(sent);
  }

  public String pubkey() {
    return pubkey;
  }

  @Override
  public NodeInfo info() {
    checkUp();
    return new NodeInfo("fake", "regtest", pubkey, List.of(pubkey + "@127.0.0.1:9735"));
  }

  /** Shaped like BOLT11 (lnbcrt…1…) and unique per hash; nobody decodes it but this fake. */
  private static Bolt11 fakeRequest(PaymentHash hash) {
    String charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    StringBuilder data = new StringBuilder();
    for (byte b : hash.bytes()) {
      data.append(charset.charAt((b & 0xff) % 32)).append(charset.charAt(((b & 0xff) >> 3) % 32));
    }
    return new Bolt11("lnbcrt1" + data);
  }
}
