package dev.payql.adapter.lnd;

import com.google.protobuf.ByteString;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import dev.payql.domain.money.Msat;
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
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.router.proto.RouterOuterClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LightningNode} on LND's gRPC interface: {@code lnrpc.Lightning} for invoices and node
 * info, {@code routerrpc.Router} for refund payments.
 *
 * <p>Every call carries the configured deadline and the macaroon; the channel trusts only the
 * node's own TLS certificate. Close it to stop the settlement streams and release the connection.
 */
public final class LndNode implements LightningNode, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LndNode.class);

  private final LndConfig config;
  private final ManagedChannel channel;
  private final LightningGrpc.LightningBlockingStub stub;
  private final RouterGrpc.RouterBlockingStub router;
  private final LndErrors errors;
  private final InvoicePreimages preimages;
  private final Set<SettlementStream> streams = new CopyOnWriteArraySet<>();

  /**
   * Reads the certificate and the macaroon now, so a wrong path is a start-up error
   * ({@link IllegalArgumentException} naming the file) rather than a failure at the first request.
   * No connection is made yet: a node that is down makes calls fail, not construction.
   */
  public LndNode(LndConfig config) {
    this(config, Clock.systemUTC());
  }

  LndNode(LndConfig config, Clock clock) {
    this.config = config;
    this.errors = new LndErrors(config);
    this.preimages = new InvoicePreimages(clock);
    Macaroon macaroon = Macaroon.read(config.macaroonPath());
    this.channel = Grpc.newChannelBuilderForAddress(config.host(), config.port(), tls(config))
        // a quiet settlement stream over a dead connection is noticed by keepalive pings
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        // ListInvoices pages and route hints can be large; LND itself allows 200 MB
        .maxInboundMessageSize(64 * 1024 * 1024)
        .build();
    this.stub = LightningGrpc.newBlockingStub(channel).withCallCredentials(macaroon);
    this.router = RouterGrpc.newBlockingStub(channel).withCallCredentials(macaroon);
  }

  private static ChannelCredentials tls(LndConfig config) {
    byte[] pem;
    try {
      pem = Files.readAllBytes(config.tlsCertPath());
    } catch (IOException e) {
      throw new IllegalArgumentException("the LND TLS certificate " + config.tlsCertPath() + " cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    }
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
        throw new CertificateException("no certificate in the file");
      }
      // the node's self-signed certificate is the only trust root: no public CA can vouch for it
      return TlsChannelCredentials.newBuilder().trustManager(new ByteArrayInputStream(pem)).build();
    } catch (CertificateException | IOException e) {
      throw new IllegalArgumentException("the LND TLS certificate " + config.tlsCertPath()
          + " is not a PEM certificate (LND's tls.cert): " + e.getMessage(), e);
    }
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    Preimage preimage = preimages.forLabel(request.label(), request.expiry());
    LightningApi.Invoice add = LightningApi.Invoice.newBuilder()
        .setValueMsat(request.amount().value())
        .setMemo(request.description())
        .setExpiry(request.expiry().toSeconds())
        .setRPreimage(ByteString.copyFrom(preimage.bytes()))
        .build();
    try {
      call("AddInvoice", s -> s.addInvoice(add));
    } catch (NodeRejectedException e) {
      // a retry after a lost answer: the first AddInvoice went through, the invoice is there
      if (!(e.getCause() instanceof StatusRuntimeException cause && isDuplicate(cause))) {
        throw e;
      }
      LOG.debug("invoice for label {} already issued; looking it up", request.label());
    }
    PaymentHash hash = preimage.paymentHash();
    return lookupInvoice(hash).orElseThrow(() -> new NodeRejectedException(
        "LND accepted invoice " + hash + " but cannot find it"));
  }

  private static boolean isDuplicate(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    return e.getStatus().getCode() == Status.Code.ALREADY_EXISTS
        || (description != null && description.contains(LndErrors.DUPLICATE_INVOICE));
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    LightningApi.PaymentHash query = LightningApi.PaymentHash.newBuilder()
        .setRHash(ByteString.copyFrom(paymentHash.bytes()))
        .build();
    try {
      return Optional.of(LndInvoices.toDomain(withDeadline(config.callTimeout()).lookupInvoice(query)));
    } catch (StatusRuntimeException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("LookupInvoice", e);
    }
  }

  /**
   * LND answers NOT_FOUND "unable to locate invoice" for an unknown hash, and, on a node that has
   * never issued an invoice, "there are no existing invoices" (older versions send both as UNKNOWN).
   */
  private static boolean isNotFound(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    String lower = description == null ? "" : description.toLowerCase(Locale.ROOT);
    return e.getStatus().getCode() == Status.Code.NOT_FOUND
        || lower.contains("unable to locate invoice") || lower.contains("there are no existing invoices");
  }

  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    SettlementStream stream = new SettlementStream(stub, config, errors, afterCursor, listener,
        this::dialIfBackingOff);
    streams.add(stream);
    stream.start();
    return () -> {
      streams.remove(stream);
      stream.close();
    };
  }

  @Override
  public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    LightningApi.PayReq decoded = call("DecodePayReq",
        s -> s.decodePayReq(LightningApi.PayReqString.newBuilder().setPayReq(paymentRequest.text()).build()));
    // lnrpc.PayReq: timestamp and expiry in seconds; num_msat 0 means the request names no amount
    Optional<Msat> amount = decoded.getNumMsat() > 0 ? Optional.of(Msat.of(decoded.getNumMsat())) : Optional.empty();
    return new DecodedPaymentRequest(
        PaymentHash.ofHex(decoded.getPaymentHash()),
        amount,
        Instant.ofEpochSecond(decoded.getTimestamp()).plusSeconds(decoded.getExpiry()),
        decoded.getDestination());
  }

  /**
   * Pays with the router's SendPaymentV2 (SendPaymentSync is gone from LND 0.21): the fee limit is
   * the order's, exactly ({@code fee_limit_msat}, no floor of LND's own), LND tries routes for
   * {@link LndConfig#paymentTimeout()} ({@code timeout_seconds}), and only the final update is
   * streamed ({@code no_inflight_updates}). A payment still in flight when the deadline passes, or
   * whose stream breaks, is Pending: it may still complete, and {@link #paymentStatus} finds out.
   * LND keeps one payment per hash and refuses a second while the first is paid or in flight
   * (ALREADY_EXISTS): that first one is reported instead.
   */
  @Override
  public PaymentOutcome pay(PaymentOrder order) {
    DecodedPaymentRequest decoded = decode(order.paymentRequest());
    PaymentHash hash = decoded.paymentHash();
    Optional<PaymentOutcome.Failed> refused = decoded.refusalOf(order);
    if (refused.isPresent()) {
      return refused.get();
    }
    RouterOuterClass.SendPaymentRequest.Builder send = RouterOuterClass.SendPaymentRequest.newBuilder()
        .setPaymentRequest(order.paymentRequest().text())
        .setFeeLimitMsat(order.maxFee().value())
        .setTimeoutSeconds(Math.toIntExact(config.paymentTimeout().toSeconds()))
        .setNoInflightUpdates(true);
    if (decoded.amount().isEmpty()) {
      send.setAmtMsat(order.amount().value());
    }
    try {
      return cancelledAfter(() -> finalOutcome(
          router(config.paymentDeadline()).sendPaymentV2(send.build()), hash));
    } catch (StatusRuntimeException e) {
      return afterRefusedSend(hash, e);
    }
  }

  /** The first final update of a payment stream; Pending if the stream ends before one. */
  private static PaymentOutcome finalOutcome(Iterator<LightningApi.Payment> updates, PaymentHash hash) {
    while (updates.hasNext()) {
      PaymentOutcome outcome = outcome(updates.next(), hash);
      if (!(outcome instanceof PaymentOutcome.Pending)) {
        return outcome;
      }
    }
    return new PaymentOutcome.Pending(hash);
  }

  /**
   * SendPaymentV2 ended in an error. ALREADY_EXISTS: LND holds a payment for this hash, which is
   * reported. Access refused: nothing was sent, and only the operator can fix it. Deadline passed,
   * connection lost: the payment may be out, so Pending. Any other refusal came before or while the
   * payment was started: LND is asked whether it holds one, and only if not is the refund failed.
   */
  private PaymentOutcome afterRefusedSend(PaymentHash hash, StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
      return paymentStatus(hash).orElse(new PaymentOutcome.Pending(hash));
    }
    RuntimeException translated = failure("SendPaymentV2", e);
    if (translated instanceof NodeAccessDeniedException denied) {
      throw denied;
    }
    if (translated instanceof NodeUnavailableException) {
      LOG.warn("the refund payment {} may still be in flight: {}", hash, translated.getMessage());
      return new PaymentOutcome.Pending(hash);
    }
    try {
      return paymentStatus(hash).orElseGet(() -> new PaymentOutcome.Failed(
          e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription()));
    } catch (NodeUnavailableException unknown) {
      return new PaymentOutcome.Pending(hash);
    }
  }

  /**
   * TrackPaymentV2 with in-flight updates, so its first message is the payment's state now; the
   * stream is closed right after. LND answers NOT_FOUND ("payment isn't initiated") for a hash it
   * never paid.
   */
  @Override
  public Optional<PaymentOutcome> paymentStatus(PaymentHash paymentHash) {
    RouterOuterClass.TrackPaymentRequest track = RouterOuterClass.TrackPaymentRequest.newBuilder()
        .setPaymentHash(ByteString.copyFrom(paymentHash.bytes()))
        .setNoInflightUpdates(false)
        .build();
    try {
      return cancelledAfter(() -> {
        Iterator<LightningApi.Payment> updates = router(config.callTimeout()).trackPaymentV2(track);
        return Optional.of(updates.hasNext() ? outcome(updates.next(), paymentHash)
            : new PaymentOutcome.Pending(paymentHash));
      });
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND
          || (description != null && description.contains("payment isn't initiated"))) {
        return Optional.empty();
      }
      throw failure("TrackPaymentV2", e);
    }
  }

  /** lnrpc.Payment as an outcome; IN_FLIGHT, INITIATED (LND 0.18+, unknown to these stubs) and UNKNOWN are pending. */
  private static PaymentOutcome outcome(LightningApi.Payment payment, PaymentHash hash) {
    return switch (payment.getStatus()) {
      case SUCCEEDED -> new PaymentOutcome.Succeeded(
          payment.getPaymentHash().isEmpty() ? hash : PaymentHash.ofHex(payment.getPaymentHash()),
          Msat.of(payment.getValueMsat()), Msat.of(payment.getFeeMsat()));
      case FAILED -> new PaymentOutcome.Failed("LND could not pay the request: "
          + failureReason(payment.getFailureReason()));
      case IN_FLIGHT, UNKNOWN, UNRECOGNIZED -> new PaymentOutcome.Pending(hash);
    };
  }

  private static String failureReason(LightningApi.PaymentFailureReason reason) {
    return switch (reason) {
      case FAILURE_REASON_TIMEOUT -> "no route succeeded before the payment timeout";
      case FAILURE_REASON_NO_ROUTE -> "no route to the payee within the fee limit";
      case FAILURE_REASON_INCORRECT_PAYMENT_DETAILS -> "the payee refused the payment (unknown hash or wrong amount)";
      case FAILURE_REASON_INSUFFICIENT_BALANCE -> "not enough outbound liquidity";
      case FAILURE_REASON_ERROR, FAILURE_REASON_NONE, UNRECOGNIZED -> reason.name();
    };
  }

  /**
   * Runs a streaming call in a context of its own and cancels it afterwards, so a stream left
   * unread (a payment still in flight, a status read from its first message) is closed on LND's side.
   */
  private static <T> T cancelledAfter(Supplier<T> streaming) {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      return streaming.get();
    } finally {
      context.detach(previous);
      context.cancel(null);
    }
  }

  private RouterGrpc.RouterBlockingStub router(Duration timeout) {
    dialIfBackingOff();
    return router.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public NodeInfo info() {
    LightningApi.GetInfoResponse info = call("GetInfo", s -> s.getInfo(LightningApi.GetInfoRequest.getDefaultInstance()));
    // lnrpc.GetInfoResponse: chains[0].network is "mainnet", "testnet", "signet", "regtest" or "simnet";
    // uris are only filled when LND knows its public address (externalip)
    String network = info.getChainsCount() > 0
        ? info.getChains(0).getNetwork()
        : info.getTestnet() ? "testnet" : "mainnet";
    return new NodeInfo("lnd", network, info.getIdentityPubkey(), List.copyOf(info.getUrisList()));
  }

  @Override
  public void close() {
    streams.forEach(SettlementStream::close);
    streams.clear();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LndNode[" + config.address() + "]";
  }

  private LightningGrpc.LightningBlockingStub withDeadline(Duration timeout) {
    dialIfBackingOff();
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(String what, Function<LightningGrpc.LightningBlockingStub, T> rpc) {
    try {
      return rpc.apply(withDeadline(config.callTimeout()));
    } catch (StatusRuntimeException e) {
      throw failure(what, e);
    }
  }

  private RuntimeException failure(String what, StatusRuntimeException e) {
    return errors.translate(what, e);
  }

  /**
   * After a failed connection gRPC waits longer and longer (up to two minutes) before it dials
   * again, failing calls at once meanwhile: a node back from a restart would go on answering 503
   * for that long. So before a call on a channel in that state, dial now and wait (at most the
   * call timeout) for the outcome; the call then fails fast only if the node is still down.
   */
  private void dialIfBackingOff() {
    if (channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
      return;
    }
    long deadline = System.nanoTime() + config.callTimeout().toNanos();
    channel.resetConnectBackoff();
    ConnectivityState state = channel.getState(false);
    while (state == ConnectivityState.TRANSIENT_FAILURE || state == ConnectivityState.CONNECTING
        || state == ConnectivityState.IDLE) {
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      ConnectivityState next = channel.getState(false);
      if (state == ConnectivityState.CONNECTING && next == ConnectivityState.TRANSIENT_FAILURE) {
        return; // dialled and refused: the node is still down
      }
      state = next;
    }
  }
}
