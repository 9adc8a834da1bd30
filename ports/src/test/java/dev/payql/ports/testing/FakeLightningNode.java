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
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOrder;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node in memory for service tests. Payment requests are fake text of the right shape, keyed by
 * hash. It passes the node contract, so services see real semantics. Settlements are delivered
 * synchronously on the settling thread.
 */
public final class FakeLightningNode implements LightningNode {

  private final Clock clock;
  private final Map<String, Invoice> byLabel = new LinkedHashMap<>();
  private final Map<PaymentHash, Invoice> byHash = new LinkedHashMap<>();
  private final Map<Bolt11, DecodedPaymentRequest> foreign = new LinkedHashMap<>();
  private final List<Settlement> settlements = new ArrayList<>();
  private final List<Consumer<Settlement>> listeners = new CopyOnWriteArrayList<>();
  private final List<Bolt11> paid = new ArrayList<>();
  private volatile boolean down;

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
    var now = clock.instant();
    Invoice invoice = Invoice.open(hash, fakeRequest(hash), request.amount(), now, now.plus(request.expiry()));
    byLabel.put(request.label(), invoice);
    byHash.put(hash, invoice);
    return invoice;
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
  public synchronized Bolt11 foreignRequest(Msat amount) {
    PaymentHash hash = TestPurchases.randomHash();
    Bolt11 request = fakeRequest(hash);
    foreign.put(request, new DecodedPaymentRequest(hash, Optional.of(amount), clock.instant().plusSeconds(3600),
        "02" + "ab".repeat(32)));
    return request;
  }

  @Override
  public synchronized DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    checkUp();
    DecodedPaymentRequest decoded = foreign.get(paymentRequest);
    if (decoded == null) {
      throw new NodeRejectedException("invalid payment request");
    }
    return decoded;
  }

  @Override
  public synchronized PaymentOutcome pay(PaymentOrder order) {
    Bolt11 paymentRequest = order.paymentRequest();
    DecodedPaymentRequest decoded = decode(paymentRequest);
    if (decoded.amount().orElseThrow().isGreaterThan(order.amount())) {
      return new PaymentOutcome.Failed("amount above the limit");
    }
    if (paid.contains(paymentRequest)) {
      return new PaymentOutcome.Failed("already paid");
    }
    paid.add(paymentRequest);
    return new PaymentOutcome.Succeeded(decoded.paymentHash(), decoded.amount().orElseThrow(), Msat.ZERO);
  }

  @Override
  public synchronized Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    return paid.stream().map(foreign::get).filter(d -> d.paymentHash().equals(paymentHash)).findFirst()
        .map(d -> new PaymentOutcome.Succeeded(d.paymentHash(), d.amount().orElseThrow(), Msat.ZERO));
  }

  public synchronized List<Bolt11> payments() {
    return List.copyOf(paid);
  }

  @Override
  public NodeInfo info() {
    checkUp();
    String pubkey = "03" + "cd".repeat(32);
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
