package dev.payql.adapter.lnd.testing;

import com.google.protobuf.ByteString;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import dev.payql.ports.out.node.LightningNodeContract.PaymentsInFlight;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.router.proto.RouterOuterClass;

/**
 * A stand-in LND for tests: a real gRPC server on loopback serving LND's {@code lnrpc.Lightning}
 * service (the generated classes lightningj ships) over TLS with a self-signed certificate, checking
 * the {@code macaroon} header on every call.
 *
 * <p>It behaves as LND documents for the calls PayQL makes: amounts in msat, {@code add_index} and
 * {@code settle_index} counting up from 1, invoice states OPEN / SETTLED / CANCELED (an open invoice
 * past its expiry reads CANCELED), SubscribeInvoices replaying the invoices settled after the given
 * settle index and then streaming adds and settlements, and LND's own error texts and codes
 * (UNKNOWN "invoice with payment hash already exists", NOT_FOUND "unable to locate invoice",
 * UNKNOWN "verification failed: signature mismatch after caveat verification").
 *
 * <p>It also serves the {@code routerrpc.Router} calls PayQL pays refunds with, as LND 0.18+ does
 * ({@code SendPaymentV2} and {@code TrackPaymentV2} streaming {@code lnrpc.Payment} updates;
 * {@code SendPaymentSync}, removed in LND 0.21, is not served). One payment per payment hash: a hash
 * paid or in flight is refused with ALREADY_EXISTS ("invoice is already paid", "payment is in
 * transition"), a failed one may be tried again; {@code fee_limit_msat} is honoured exactly against
 * the fake route's fee of {@link #ROUTING_FEE_MSAT}; a hash never paid is NOT_FOUND "payment isn't
 * initiated". {@link #holdPayments} keeps payments to a request IN_FLIGHT (as a stuck HTLC does,
 * whatever {@code timeout_seconds} says) until {@link #settleHeldPayment} or
 * {@link #failHeldPayment}.
 *
 * <p>Besides the admin macaroon it writes an invoice-only one ({@link #invoiceMacaroonPath()}, the
 * permissions of LND's {@code invoice.macaroon}), refused with "permission denied" for everything
 * else, as LND refuses a macaroon without the call's permission.
 *
 * <p>Its BOLT11 texts have the real outer shape ({@code lnbcrt…1…}) but carry no signature: it
 * decodes and pays only requests it issued itself or made with {@link #foreignPaymentRequest}.
 * Invoices and payments survive {@link #stop()} and {@link #start()}, like LND's database across a
 * restart.
 */
public final class FakeLnd implements AutoCloseable {

  public static final String DUPLICATE_INVOICE = "invoice with payment hash already exists";
  public static final String WRONG_MACAROON = "verification failed: signature mismatch after caveat verification";
  /** What one hop charges on the fake route of a refund. */
  public static final long ROUTING_FEE_MSAT = 1_000;
  /** LND's answer for a payment hash it holds no payment for (channeldb.ErrPaymentNotInitiated). */
  public static final String PAYMENT_NOT_INITIATED = "payment isn't initiated";
  /** LND's answer to a macaroon that lacks the call's permission. */
  public static final String PERMISSION_DENIED = "permission denied";
  /** The calls LND's invoice.macaroon allows (invoices:read, invoices:write). */
  private static final Set<String> INVOICE_MACAROON_CALLS = Set.of("lnrpc.Lightning/AddInvoice",
      "lnrpc.Lightning/LookupInvoice", "lnrpc.Lightning/ListInvoices", "lnrpc.Lightning/SubscribeInvoices");

  private static final Metadata.Key<String> MACAROON = Metadata.Key.of("macaroon", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final SelfSignedCertificate certificate;
  private final Path macaroonPath;
  private final String macaroonHex;
  private final Path invoiceMacaroonPath;
  private final String invoiceMacaroonHex;
  private final String pubkey;

  private final Map<ByteString, LightningApi.Invoice> invoices = new LinkedHashMap<>();
  private final Map<String, LightningApi.PayReq> foreign = new LinkedHashMap<>();
  private final Map<String, ByteString> foreignPreimages = new LinkedHashMap<>();
  /** LND's payment database: the latest payment per payment hash (hex). */
  private final Map<String, LightningApi.Payment> payments = new LinkedHashMap<>();
  private final Set<String> held = new HashSet<>();
  private final List<PaymentWatcher> watchers = new ArrayList<>();
  private final List<RouterOuterClass.SendPaymentRequest> paymentRequests = new ArrayList<>();
  private long paymentIndex;
  private int paymentsSucceeded;
  private final List<ServerCallStreamObserver<LightningApi.Invoice>> subscribers = new ArrayList<>();
  private long addIndex;
  private long settleIndex;
  private volatile Duration delay = Duration.ZERO;

  private Server server;
  private int port;

  /** A fake node keeping its certificate and macaroon in {@code directory}. Not started yet. */
  public FakeLnd(Path directory) {
    this(directory, Clock.systemUTC());
  }

  public FakeLnd(Path directory, Clock clock) {
    this.clock = clock;
    this.certificate = SelfSignedCertificate.writeTo(directory);
    byte[] macaroon = randomBytes(64);
    this.macaroonHex = HexFormat.of().formatHex(macaroon);
    this.macaroonPath = directory.resolve("admin.macaroon");
    byte[] invoiceMacaroon = randomBytes(64);
    this.invoiceMacaroonHex = HexFormat.of().formatHex(invoiceMacaroon);
    this.invoiceMacaroonPath = directory.resolve("invoice.macaroon");
    try {
      Files.write(macaroonPath, macaroon);
      Files.write(invoiceMacaroonPath, invoiceMacaroon);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.pubkey = "02" + HexFormat.of().formatHex(randomBytes(32));
  }

  /** Starts serving on a free loopback port, or on the port it had before a {@link #stop()}. */
  public synchronized FakeLnd start() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    try {
      server = NettyServerBuilder
          .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
              TlsServerCredentials.create(certificate.certificatePath().toFile(), certificate.privateKeyPath().toFile()))
          .addService(ServerInterceptors.intercept(new Lightning(), new MacaroonCheck()))
          .addService(ServerInterceptors.intercept(new Router(), new MacaroonCheck()))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake LND on port " + port, e);
    }
    port = server.getPort();
    return this;
  }

  /** Stops serving, cutting open streams as a crashing or restarting LND would. Invoices are kept. */
  public void stop() {
    Server running;
    synchronized (this) {
      running = server;
      server = null;
      subscribers.clear();
      watchers.clear();
    }
    if (running != null) {
      running.shutdownNow();
      try {
        running.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized int port() {
    if (port == 0) {
      throw new IllegalStateException("not started yet");
    }
    return port;
  }

  public Path certificatePath() {
    return certificate.certificatePath();
  }

  public Path macaroonPath() {
    return macaroonPath;
  }

  /** A macaroon with the permissions of LND's invoice.macaroon only: it may not pay. */
  public Path invoiceMacaroonPath() {
    return invoiceMacaroonPath;
  }

  public String pubkey() {
    return pubkey;
  }

  /** Every unary call waits this long before answering, like an overloaded node. */
  public void delayResponses(Duration delay) {
    this.delay = delay;
  }

  /** A buyer pays the invoice: it becomes SETTLED with the next settle index, and streams hear of it. */
  public synchronized void settle(PaymentHash paymentHash) {
    ByteString hash = ByteString.copyFrom(paymentHash.bytes());
    LightningApi.Invoice invoice = current(hash);
    if (invoice == null) {
      throw new IllegalArgumentException("the fake LND never issued " + paymentHash);
    }
    if (invoice.getState() != LightningApi.Invoice.InvoiceState.OPEN) {
      throw new IllegalStateException("invoice " + paymentHash + " is " + invoice.getState() + ", not OPEN");
    }
    LightningApi.Invoice settled = invoice.toBuilder()
        .setState(LightningApi.Invoice.InvoiceState.SETTLED)
        .setSettled(true)
        .setSettleDate(clock.instant().getEpochSecond())
        .setSettleIndex(++settleIndex)
        .setAmtPaidMsat(invoice.getValueMsat())
        .setAmtPaidSat(invoice.getValueMsat() / 1000)
        .setAmtPaid(invoice.getValueMsat())
        .build();
    invoices.put(hash, settled);
    publish(settled);
  }

  public void settle(String paymentHashHex) {
    settle(PaymentHash.ofHex(paymentHashHex));
  }

  /** A payment request as another node would issue it, which this node can decode and pay. */
  public synchronized Bolt11 foreignPaymentRequest(Msat amount) {
    byte[] preimage = randomBytes(32);
    String hash = HexFormat.of().formatHex(sha256(preimage));
    String request = paymentRequest(amount.value());
    foreign.put(request, LightningApi.PayReq.newBuilder()
        .setDestination("03" + HexFormat.of().formatHex(randomBytes(32)))
        .setPaymentHash(hash)
        .setNumMsat(amount.value())
        .setNumSatoshis(amount.value() / 1000)
        .setTimestamp(clock.instant().getEpochSecond())
        .setExpiry(3600)
        .setDescription("refund")
        .setCltvExpiry(80)
        .build());
    foreignPreimages.put(request, ByteString.copyFrom(preimage));
    return new Bolt11(request);
  }

  /** How many invoices this node has issued. */
  public synchronized int invoiceCount() {
    return invoices.size();
  }

  /** How many payments this node sent reached their payee (SUCCEEDED). */
  public synchronized int paymentsMade() {
    return paymentsSucceeded;
  }

  /** How many payments this node started (SendPaymentV2 calls that initiated one), whatever became of them. */
  public synchronized int paymentAttempts() {
    return paymentRequests.size();
  }

  /** The SendPaymentV2 requests that initiated a payment, in order: what PayQL asked for. */
  public synchronized List<RouterOuterClass.SendPaymentRequest> paymentRequests() {
    return List.copyOf(paymentRequests);
  }

  /** This node's held payments as the port's contract suites drive them. */
  public PaymentsInFlight paymentsInFlight() {
    return new PaymentsInFlight() {
      @Override
      public void hold(Bolt11 request) {
        holdPayments(request);
      }

      @Override
      public void succeed(Bolt11 request) {
        settleHeldPayment(request);
      }

      @Override
      public void fail(Bolt11 request) {
        failHeldPayment(request);
      }
    };
  }

  /** Payments to {@code request} stay IN_FLIGHT, past any timeout, until settled or failed below. */
  public synchronized void holdPayments(Bolt11 request) {
    held.add(request.text());
  }

  /** The payee takes the held payment to {@code request}: SUCCEEDED, and every stream on it hears so. */
  public synchronized void settleHeldPayment(Bolt11 request) {
    LightningApi.Payment inFlight = release(request);
    resolve(succeeded(inFlight.toBuilder(), inFlight.getValueMsat(), request.text()).build());
  }

  /** The held payment to {@code request} fails at a hop: FAILED, nothing reached the payee. */
  public synchronized void failHeldPayment(Bolt11 request) {
    LightningApi.Payment inFlight = release(request);
    resolve(inFlight.toBuilder()
        .setStatus(LightningApi.Payment.PaymentStatus.FAILED)
        .setFailureReason(LightningApi.PaymentFailureReason.FAILURE_REASON_TIMEOUT)
        .build());
  }

  private LightningApi.Payment release(Bolt11 request) {
    String hash = decode(request.text()).getPaymentHash();
    LightningApi.Payment payment = payments.get(hash);
    if (!held.remove(request.text()) || payment == null
        || payment.getStatus() != LightningApi.Payment.PaymentStatus.IN_FLIGHT) {
      throw new IllegalStateException("no payment to " + request + " is in flight");
    }
    return payment;
  }

  private void resolve(LightningApi.Payment outcome) {
    payments.put(outcome.getPaymentHash(), outcome);
    if (outcome.getStatus() == LightningApi.Payment.PaymentStatus.SUCCEEDED) {
      paymentsSucceeded++;
    }
    for (PaymentWatcher watcher : List.copyOf(watchers)) {
      if (watcher.hash().equals(outcome.getPaymentHash())) {
        watchers.remove(watcher);
        try {
          watcher.stream().onNext(outcome);
          watcher.stream().onCompleted();
        } catch (RuntimeException e) {
          // the client is gone (its deadline passed): the outcome stays in the payment database
        }
      }
    }
  }

  private LightningApi.Payment.Builder succeeded(LightningApi.Payment.Builder payment, long valueMsat, String request) {
    return payment
        .setStatus(LightningApi.Payment.PaymentStatus.SUCCEEDED)
        .setFeeMsat(ROUTING_FEE_MSAT)
        .setFeeSat(ROUTING_FEE_MSAT / 1000)
        .setPaymentPreimage(HexFormat.of().formatHex(foreignPreimages.get(request).toByteArray()))
        .setFailureReason(LightningApi.PaymentFailureReason.FAILURE_REASON_NONE)
        .clearHtlcs()
        .addHtlcs(LightningApi.HTLCAttempt.newBuilder()
            .setStatus(LightningApi.HTLCAttempt.HTLCStatus.SUCCEEDED)
            .setRoute(LightningApi.Route.newBuilder()
                .setTotalAmtMsat(valueMsat + ROUTING_FEE_MSAT)
                .setTotalFeesMsat(ROUTING_FEE_MSAT)));
  }

  /** A stream (SendPaymentV2 or TrackPaymentV2) waiting for the final update of one payment. */
  private record PaymentWatcher(String hash, ServerCallStreamObserver<LightningApi.Payment> stream) {}

  // ---- the node's state, always under this object's lock ----

  /** LND's invoice registry cancels an open invoice once it expires. */
  private LightningApi.Invoice current(ByteString hash) {
    LightningApi.Invoice invoice = invoices.get(hash);
    if (invoice != null && invoice.getState() == LightningApi.Invoice.InvoiceState.OPEN
        && clock.instant().getEpochSecond() >= invoice.getCreationDate() + invoice.getExpiry()) {
      invoice = invoice.toBuilder().setState(LightningApi.Invoice.InvoiceState.CANCELED).build();
      invoices.put(hash, invoice);
    }
    return invoice;
  }

  private void publish(LightningApi.Invoice update) {
    subscribers.removeIf(ServerCallStreamObserver::isCancelled);
    for (ServerCallStreamObserver<LightningApi.Invoice> subscriber : List.copyOf(subscribers)) {
      try {
        subscriber.onNext(update);
      } catch (RuntimeException e) {
        subscribers.remove(subscriber);
      }
    }
  }

  private String paymentRequest(long msat) {
    // BOLT11 amount in pico-bitcoin: 1 msat = 10 p, so the last digit is 0 as the spec requires
    StringBuilder text = new StringBuilder("lnbcrt").append(msat * 10).append("p1");
    for (byte b : randomBytes(120)) {
      text.append(BECH32.charAt((b & 0xff) % 32));
    }
    return text.toString();
  }

  private LightningApi.PayReq decode(String request) {
    if (foreign.containsKey(request)) {
      return foreign.get(request);
    }
    for (LightningApi.Invoice invoice : invoices.values()) {
      if (invoice.getPaymentRequest().equals(request)) {
        return LightningApi.PayReq.newBuilder()
            .setDestination(pubkey)
            .setPaymentHash(HexFormat.of().formatHex(invoice.getRHash().toByteArray()))
            .setNumMsat(invoice.getValueMsat())
            .setNumSatoshis(invoice.getValue())
            .setTimestamp(invoice.getCreationDate())
            .setExpiry(invoice.getExpiry())
            .setDescription(invoice.getMemo())
            .build();
      }
    }
    // zpay32.Decode's answer to a text that is not a valid bech32 invoice
    throw Status.UNKNOWN.withDescription("invalid payment request: checksum failed").asRuntimeException();
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers a unary call after the configured delay, with the node's lock held while computing. */
  private <T> void answer(StreamObserver<T> observer, Supplier<T> response) {
    Duration wait = delay;
    if (!wait.isZero()) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        observer.onError(Status.CANCELLED.asRuntimeException());
        return;
      }
    }
    T value;
    try {
      synchronized (this) {
        value = response.get();
      }
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    }
    try {
      observer.onNext(value);
      observer.onCompleted();
    } catch (RuntimeException e) {
      // the client gave up (deadline passed): nothing to answer
    }
  }

  /** LND's macaroon service: a missing or foreign macaroon fails the call before it runs. */
  private final class MacaroonCheck implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      List<String> presented = new ArrayList<>();
      Iterable<String> values = headers.getAll(MACAROON);
      if (values != null) {
        values.forEach(presented::add);
      }
      if (presented.size() != 1) {
        call.close(Status.UNKNOWN.withDescription("expected 1 macaroon, got " + presented.size()), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      byte[] macaroon = presented.getFirst().getBytes();
      if (MessageDigest.isEqual(macaroon, macaroonHex.getBytes())) {
        return next.startCall(call, headers);
      }
      if (MessageDigest.isEqual(macaroon, invoiceMacaroonHex.getBytes())) {
        if (INVOICE_MACAROON_CALLS.contains(call.getMethodDescriptor().getFullMethodName())) {
          return next.startCall(call, headers);
        }
        call.close(Status.UNKNOWN.withDescription(PERMISSION_DENIED), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      call.close(Status.UNKNOWN.withDescription(WRONG_MACAROON), new Metadata());
      return new ServerCall.Listener<>() {};
    }
  }

  /** The lnrpc.Lightning calls PayQL makes; the rest answer UNIMPLEMENTED as generated. */
  private final class Lightning extends LightningGrpc.LightningImplBase {

    @Override
    public void addInvoice(LightningApi.Invoice request, StreamObserver<LightningApi.AddInvoiceResponse> observer) {
      answer(observer, () -> {
        long msat = request.getValueMsat();
        if (request.getValue() != 0 && msat != 0 && request.getValue() * 1000 != msat) {
          throw Status.UNKNOWN.withDescription("value and value_msat are mutually exclusive").asRuntimeException();
        }
        if (msat == 0) {
          msat = request.getValue() * 1000;
        }
        if (msat < 0) {
          throw Status.UNKNOWN.withDescription("amount cannot be negative").asRuntimeException();
        }
        if (request.getMemo().length() > 1024) {
          throw Status.UNKNOWN.withDescription("memo too large: 1024 bytes (maxlength 1024)").asRuntimeException();
        }
        byte[] preimage;
        if (request.getRPreimage().isEmpty()) {
          preimage = randomBytes(32);
        } else if (request.getRPreimage().size() != 32) {
          throw Status.UNKNOWN.withDescription("payment preimage must be exactly 32 bytes").asRuntimeException();
        } else {
          preimage = request.getRPreimage().toByteArray();
        }
        ByteString hash = ByteString.copyFrom(sha256(preimage));
        if (invoices.containsKey(hash)) {
          // invoices.ErrDuplicateInvoice, returned as a plain error: gRPC status UNKNOWN
          throw Status.UNKNOWN.withDescription(DUPLICATE_INVOICE).asRuntimeException();
        }
        long expiry = request.getExpiry() == 0 ? 86_400 : request.getExpiry();
        ByteString paymentAddr = ByteString.copyFrom(randomBytes(32));
        LightningApi.Invoice invoice = LightningApi.Invoice.newBuilder()
            .setMemo(request.getMemo())
            .setRPreimage(ByteString.copyFrom(preimage))
            .setRHash(hash)
            .setValue(msat / 1000)
            .setValueMsat(msat)
            .setCreationDate(clock.instant().getEpochSecond())
            .setExpiry(expiry)
            .setCltvExpiry(80)
            .setPaymentRequest(paymentRequest(msat))
            .setAddIndex(++addIndex)
            .setState(LightningApi.Invoice.InvoiceState.OPEN)
            .setPaymentAddr(paymentAddr)
            .build();
        invoices.put(hash, invoice);
        publish(invoice);
        return LightningApi.AddInvoiceResponse.newBuilder()
            .setRHash(hash)
            .setPaymentRequest(invoice.getPaymentRequest())
            .setAddIndex(invoice.getAddIndex())
            .setPaymentAddr(paymentAddr)
            .build();
      });
    }

    @Override
    public void lookupInvoice(LightningApi.PaymentHash request, StreamObserver<LightningApi.Invoice> observer) {
      answer(observer, () -> {
        ByteString hash = request.getRHash();
        if (hash.isEmpty() && !request.getRHashStr().isEmpty()) {
          hash = ByteString.copyFrom(HexFormat.of().parseHex(request.getRHashStr()));
        }
        if (hash.size() != 32) {
          throw Status.UNKNOWN.withDescription("payment hash must be exactly 32 bytes, is instead "
              + hash.size()).asRuntimeException();
        }
        LightningApi.Invoice invoice = current(hash);
        if (invoice == null) {
          throw Status.NOT_FOUND.withDescription("unable to locate invoice").asRuntimeException();
        }
        return invoice;
      });
    }

    @Override
    public void listInvoices(LightningApi.ListInvoiceRequest request,
        StreamObserver<LightningApi.ListInvoiceResponse> observer) {
      answer(observer, () -> {
        long max = request.getNumMaxInvoices() == 0 ? 100 : request.getNumMaxInvoices();
        List<LightningApi.Invoice> page = new ArrayList<>();
        for (ByteString hash : List.copyOf(invoices.keySet())) {
          LightningApi.Invoice invoice = current(hash);
          if (invoice.getAddIndex() > request.getIndexOffset()
              && (!request.getPendingOnly() || invoice.getState() == LightningApi.Invoice.InvoiceState.OPEN)
              && page.size() < max) {
            page.add(invoice);
          }
        }
        return LightningApi.ListInvoiceResponse.newBuilder()
            .addAllInvoices(page)
            .setFirstIndexOffset(page.isEmpty() ? 0 : page.getFirst().getAddIndex())
            .setLastIndexOffset(page.isEmpty() ? 0 : page.getLast().getAddIndex())
            .build();
      });
    }

    @Override
    public void subscribeInvoices(LightningApi.InvoiceSubscription request,
        StreamObserver<LightningApi.Invoice> observer) {
      ServerCallStreamObserver<LightningApi.Invoice> stream = (ServerCallStreamObserver<LightningApi.Invoice>) observer;
      synchronized (FakeLnd.this) {
        // replay, then register, under one lock: no settlement falls between the two
        if (request.getAddIndex() > 0) {
          invoices.values().stream().filter(i -> i.getAddIndex() > request.getAddIndex()).forEach(stream::onNext);
        }
        if (request.getSettleIndex() > 0) {
          invoices.values().stream()
              .filter(i -> i.getState() == LightningApi.Invoice.InvoiceState.SETTLED)
              .filter(i -> i.getSettleIndex() > request.getSettleIndex())
              .sorted(Comparator.comparingLong(LightningApi.Invoice::getSettleIndex))
              .forEach(stream::onNext);
        }
        subscribers.add(stream);
      }
      stream.setOnCancelHandler(() -> {
        synchronized (FakeLnd.this) {
          subscribers.remove(stream);
        }
      });
    }

    @Override
    public void decodePayReq(LightningApi.PayReqString request, StreamObserver<LightningApi.PayReq> observer) {
      answer(observer, () -> decode(request.getPayReq()));
    }

    @Override
    public void getInfo(LightningApi.GetInfoRequest request, StreamObserver<LightningApi.GetInfoResponse> observer) {
      answer(observer, () -> LightningApi.GetInfoResponse.newBuilder()
          .setVersion("0.18.0-beta commit=fake")
          .setIdentityPubkey(pubkey)
          .setAlias("payql-fake-lnd")
          .setSyncedToChain(true)
          .setSyncedToGraph(true)
          .setBlockHeight(150)
          .addChains(LightningApi.Chain.newBuilder().setChain("bitcoin").setNetwork("regtest"))
          .addUris(pubkey + "@127.0.0.1:9735")
          .build());
    }
  }

  /** The routerrpc.Router calls PayQL makes; the rest answer UNIMPLEMENTED as generated. */
  private final class Router extends RouterGrpc.RouterImplBase {

    @Override
    public void sendPaymentV2(RouterOuterClass.SendPaymentRequest request,
        StreamObserver<LightningApi.Payment> observer) {
      ServerCallStreamObserver<LightningApi.Payment> stream = (ServerCallStreamObserver<LightningApi.Payment>) observer;
      synchronized (FakeLnd.this) {
        LightningApi.Payment payment;
        try {
          payment = initiate(request);
        } catch (StatusRuntimeException e) {
          stream.onError(e);
          return;
        }
        follow(payment, request.getNoInflightUpdates(), stream);
      }
    }

    @Override
    public void trackPaymentV2(RouterOuterClass.TrackPaymentRequest request,
        StreamObserver<LightningApi.Payment> observer) {
      ServerCallStreamObserver<LightningApi.Payment> stream = (ServerCallStreamObserver<LightningApi.Payment>) observer;
      synchronized (FakeLnd.this) {
        LightningApi.Payment payment = payments.get(HexFormat.of().formatHex(request.getPaymentHash().toByteArray()));
        if (payment == null) {
          stream.onError(Status.NOT_FOUND.withDescription(PAYMENT_NOT_INITIATED).asRuntimeException());
          return;
        }
        follow(payment, request.getNoInflightUpdates(), stream);
      }
    }

    /** The current state, unless in flight and only final updates are asked for; the final one later. */
    private void follow(LightningApi.Payment payment, boolean finalOnly,
        ServerCallStreamObserver<LightningApi.Payment> stream) {
      boolean inFlight = payment.getStatus() == LightningApi.Payment.PaymentStatus.IN_FLIGHT;
      if (!inFlight || !finalOnly) {
        stream.onNext(payment);
      }
      if (!inFlight) {
        stream.onCompleted();
        return;
      }
      PaymentWatcher watcher = new PaymentWatcher(payment.getPaymentHash(), stream);
      watchers.add(watcher);
      stream.setOnCancelHandler(() -> {
        synchronized (FakeLnd.this) {
          watchers.remove(watcher);
        }
      });
    }

    /**
     * What routerrpc's SendPaymentV2 checks before and while it starts a payment (router_backend.go
     * extractIntentFromSendRequest, then the control tower's InitPayment), with LND's own texts.
     */
    private LightningApi.Payment initiate(RouterOuterClass.SendPaymentRequest request) {
      if (request.getPaymentRequest().isEmpty()) {
        throw Status.INVALID_ARGUMENT.withDescription("the fake LND pays payment requests only").asRuntimeException();
      }
      if (request.getTimeoutSeconds() <= 0) {
        throw Status.UNKNOWN.withDescription("timeout_seconds must be specified").asRuntimeException();
      }
      if (request.getFeeLimitSat() != 0 && request.getFeeLimitMsat() != 0) {
        throw Status.UNKNOWN.withDescription("sat and msat arguments are mutually exclusive").asRuntimeException();
      }
      LightningApi.PayReq decoded = decode(request.getPaymentRequest());
      long amount = decoded.getNumMsat();
      if (amount > 0 && (request.getAmt() != 0 || request.getAmtMsat() != 0)) {
        throw Status.UNKNOWN.withDescription("amount must not be specified when paying a non-zero amount invoice")
            .asRuntimeException();
      }
      if (amount == 0) {
        amount = request.getAmtMsat() != 0 ? request.getAmtMsat() : request.getAmt() * 1000;
        if (amount == 0) {
          throw Status.UNKNOWN.withDescription("amount must be specified when paying a zero amount invoice")
              .asRuntimeException();
        }
      }
      if (clock.instant().getEpochSecond() >= decoded.getTimestamp() + decoded.getExpiry()) {
        throw Status.UNKNOWN.withDescription("invoice expired. Valid until "
            + java.time.Instant.ofEpochSecond(decoded.getTimestamp() + decoded.getExpiry())).asRuntimeException();
      }
      if (decoded.getDestination().equals(pubkey) && !request.getAllowSelfPayment()) {
        throw Status.UNKNOWN.withDescription("self-payments not allowed").asRuntimeException();
      }
      LightningApi.Payment earlier = payments.get(decoded.getPaymentHash());
      if (earlier != null) {
        switch (earlier.getStatus()) {
          case SUCCEEDED -> throw Status.ALREADY_EXISTS.withDescription("invoice is already paid").asRuntimeException();
          case IN_FLIGHT -> throw Status.ALREADY_EXISTS.withDescription("payment is in transition").asRuntimeException();
          default -> { } // a failed payment may be tried again
        }
      }
      paymentRequests.add(request);
      long feeLimitMsat = request.getFeeLimitMsat() != 0 ? request.getFeeLimitMsat() : request.getFeeLimitSat() * 1000;
      LightningApi.Payment.Builder payment = LightningApi.Payment.newBuilder()
          .setPaymentHash(decoded.getPaymentHash())
          .setValueMsat(amount)
          .setValueSat(amount / 1000)
          .setPaymentRequest(request.getPaymentRequest())
          .setCreationTimeNs(clock.instant().toEpochMilli() * 1_000_000)
          .setPaymentIndex(++paymentIndex);
      LightningApi.Payment started;
      if (feeLimitMsat < ROUTING_FEE_MSAT) {
        // the only route costs more than allowed: path finding gives up before an HTLC is sent
        started = payment.setStatus(LightningApi.Payment.PaymentStatus.FAILED)
            .setFailureReason(LightningApi.PaymentFailureReason.FAILURE_REASON_NO_ROUTE).build();
      } else if (held.contains(request.getPaymentRequest())) {
        started = payment.setStatus(LightningApi.Payment.PaymentStatus.IN_FLIGHT)
            .addHtlcs(LightningApi.HTLCAttempt.newBuilder().setStatus(LightningApi.HTLCAttempt.HTLCStatus.IN_FLIGHT))
            .build();
      } else {
        started = succeeded(payment, amount, request.getPaymentRequest()).build();
      }
      payments.put(started.getPaymentHash(), started);
      if (started.getStatus() == LightningApi.Payment.PaymentStatus.SUCCEEDED) {
        paymentsSucceeded++;
      }
      return started;
    }
  }
}
