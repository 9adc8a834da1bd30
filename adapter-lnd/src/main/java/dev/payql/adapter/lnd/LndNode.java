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
import dev.payql.ports.out.node.NodeInfo;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import dev.payql.ports.out.node.PaymentOutcome;
import dev.payql.ports.out.node.Settlement;
import dev.payql.ports.out.node.SettlementSubscription;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LightningNode} on LND's gRPC interface ({@code lnrpc.Lightning}).
 *
 * <p>Every call carries the configured deadline and the macaroon; the channel trusts only the
 * node's own TLS certificate. Close it to stop the settlement streams and release the connection.
 */
public final class LndNode implements LightningNode, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LndNode.class);

  /** Routing fee allowed for a refund: 1 % of the amount, at least 10 sat (small payments cost more). */
  static final long MIN_FEE_LIMIT_MSAT = 10_000;

  private final LndConfig config;
  private final ManagedChannel channel;
  private final LightningGrpc.LightningBlockingStub stub;
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
   * Pays with SendPaymentSync, which returns once the payment succeeded or failed. A payment that
   * outlives {@link LndConfig#paymentTimeout()} may still complete: that is reported as
   * {@link NodeUnavailableException}, and a retry is safe because LND refuses to pay the same payment
   * hash twice.
   */
  @Override
  public PaymentOutcome pay(Bolt11 paymentRequest, Msat maxAmount) {
    DecodedPaymentRequest decoded = decode(paymentRequest);
    Msat amount = decoded.amount().orElse(maxAmount);
    if (amount.isGreaterThan(maxAmount)) {
      return new PaymentOutcome.Failed("the payment request asks for " + amount + ", more than the " + maxAmount
          + " allowed");
    }
    LightningApi.SendRequest.Builder send = LightningApi.SendRequest.newBuilder()
        .setPaymentRequest(paymentRequest.text())
        .setFeeLimit(LightningApi.FeeLimit.newBuilder().setFixedMsat(feeLimit(amount).value()));
    if (decoded.amount().isEmpty()) {
      send.setAmtMsat(amount.value());
    }
    LightningApi.SendResponse response;
    try {
      response = withDeadline(config.paymentTimeout()).sendPaymentSync(send.build());
    } catch (StatusRuntimeException e) {
      RuntimeException translated = failure("SendPaymentSync", e);
      if (translated instanceof NodeRejectedException) {
        // LND refused before sending anything (no route, invoice already paid, expired request)
        return new PaymentOutcome.Failed(e.getStatus().getDescription() == null
            ? e.getStatus().getCode().name() : e.getStatus().getDescription());
      }
      throw translated;
    }
    if (!response.getPaymentError().isEmpty()) {
      return new PaymentOutcome.Failed(response.getPaymentError());
    }
    LightningApi.Route route = response.getPaymentRoute();
    long fees = route.getTotalFeesMsat();
    long sent = route.getTotalAmtMsat() > 0 ? route.getTotalAmtMsat() - fees : amount.value();
    PaymentHash hash = response.getPaymentHash().size() == 32
        ? PaymentHash.of(response.getPaymentHash().toByteArray())
        : decoded.paymentHash();
    return new PaymentOutcome.Succeeded(hash, Msat.of(sent), Msat.of(fees));
  }

  static Msat feeLimit(Msat amount) {
    return Msat.of(Math.max(MIN_FEE_LIMIT_MSAT, amount.value() / 100));
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
