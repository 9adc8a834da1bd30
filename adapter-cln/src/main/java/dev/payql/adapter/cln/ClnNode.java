package dev.payql.adapter.cln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.PaymentHash;
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
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Core Lightning as PayQL's {@link LightningNode}, over its JSON-RPC 2.0 interface: the
 * {@code lightning-rpc} unix socket on the same host, or CLNRest with a rune.
 *
 * <p>Commands used, with the parameters of their man pages: {@code invoice} (amount_msat, label,
 * description, expiry), {@code listinvoices} (payment_hash or label), {@code waitanyinvoice}
 * (lastpay_index, timeout), {@code decode} (falling back to {@code decodepay} on nodes older than
 * v23.05), {@code pay} (bolt11, retry_for) and {@code getinfo}.
 */
public final class ClnNode implements LightningNode, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ClnNode.class.getName());
  private static final int SOCKET_POOL = 4;
  private static final int CREATED_AT_CACHE = 10_000;

  private final ClnRpc rpc;
  private final ClnConfig config;
  private final Set<InvoiceStream> streams = ConcurrentHashMap.newKeySet();
  /** CLN's invoice listing has no creation time; remember it for the invoices issued here. */
  private final Map<PaymentHash, Instant> createdAt = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PaymentHash, Instant> eldest) {
          return size() > CREATED_AT_CACHE;
        }
      });
  private volatile boolean decodeMissing;

  /**
   * Connects lazily: nothing is opened until the first call, and every call opens again what a
   * failure closed.
   *
   * @throws IllegalArgumentException when the rune file or CLNRest's certificate cannot be read
   */
  public ClnNode(ClnConfig config) {
    this(config, transportFor(Objects.requireNonNull(config, "config")));
  }

  ClnNode(ClnConfig config, ClnRpc rpc) {
    this.config = config;
    this.rpc = rpc;
  }

  private static ClnRpc transportFor(ClnConfig config) {
    ObjectMapper mapper = new ObjectMapper();
    return switch (config.transport()) {
      case SOCKET -> new UnixSocketRpc(config.socketPath().orElseThrow(), mapper, SOCKET_POOL);
      case REST -> new ClnRestRpc(config.restUrl().orElseThrow(), Rune.readFrom(config.runePath().orElseThrow()),
          PinnedCertificateTrust.sslContext(config.restCertPath().orElseThrow()), mapper, config.callTimeout());
    };
  }

  @Override
  public Invoice createInvoice(InvoiceRequest request) {
    ObjectNode params = params();
    params.put("amount_msat", request.amount().value());
    params.put("label", request.label());
    params.put("description", request.description());
    params.put("expiry", request.expiry().toSeconds());
    try {
      // repeating it is safe: a second invoice with the same label is refused with code 900
      JsonNode issued = call("invoice", params, true);
      PaymentHash hash = PaymentHash.ofHex(issued.path("payment_hash").asText());
      Instant expiresAt = Instant.ofEpochSecond(issued.path("expires_at").asLong());
      // CLN sets expires_at = now + expiry (lightning-invoice(7)), so this is when it made it
      Instant created = expiresAt.minusSeconds(request.expiry().toSeconds());
      createdAt.put(hash, created);
      return Invoice.open(hash, Bolt11.parse(issued.path("bolt11").asText()), request.amount(), created, expiresAt);
    } catch (ClnRejectedException e) {
      if (e.code() == ClnRejectedException.DUPLICATE_LABEL) {
        return issuedBefore(request);
      }
      throw e;
    } catch (IllegalArgumentException e) {
      throw new NodeRejectedException("Core Lightning answered invoice with something PayQL cannot read: "
          + e.getMessage(), e);
    }
  }

  /**
   * The invoice a lost answer left behind: labels are unique per purchase, so an invoice under this
   * label for the same amount and description is the one asked for.
   */
  private Invoice issuedBefore(InvoiceRequest request) {
    ObjectNode params = params();
    params.put("label", request.label());
    ClnInvoice existing = onlyInvoice(call("listinvoices", params, true))
        .orElseThrow(() -> new NodeUnavailableException("Core Lightning reported label " + request.label()
            + " as taken but lists no invoice under it (deleted meanwhile?); try again"));
    boolean same = existing.amount().equals(Optional.of(request.amount()))
        && existing.description().equals(request.description());
    if (!same) {
      throw new NodeRejectedException("Core Lightning already holds a different invoice under label " + request.label()
          + " (" + existing.amount().map(Msat::toString).orElse("any amount") + ", description '"
          + existing.description() + "')");
    }
    LOG.log(Level.DEBUG, "invoice for label {0} existed already; returning it", request.label());
    return toInvoice(existing);
  }

  @Override
  public Optional<Invoice> lookupInvoice(PaymentHash paymentHash) {
    ObjectNode params = params();
    params.put("payment_hash", paymentHash.hex());
    return onlyInvoice(call("listinvoices", params, true)).map(this::toInvoice);
  }

  private Optional<ClnInvoice> onlyInvoice(JsonNode listing) {
    JsonNode invoices = listing.path("invoices");
    if (!invoices.isArray()) {
      throw new NodeRejectedException("Core Lightning answered listinvoices without an invoices array");
    }
    return invoices.isEmpty() ? Optional.empty() : Optional.of(ClnInvoice.parse(invoices.get(0)));
  }

  private Invoice toInvoice(ClnInvoice invoice) {
    Instant created = createdAt.get(invoice.paymentHash());
    if (created == null) {
      // issued before this process started: the invoice itself says when (BOLT11 timestamp)
      created = decoded(Bolt11.parse(invoice.bolt11().orElseThrow(
          () -> new NodeRejectedException("invoice " + invoice.paymentHash() + " is not a BOLT11 invoice"))))
          .createdAt();
      createdAt.put(invoice.paymentHash(), created);
    }
    return invoice.toInvoice(created);
  }

  @Override
  public SettlementSubscription subscribeSettlements(long afterCursor, Consumer<Settlement> listener) {
    Objects.requireNonNull(listener, "listener");
    InvoiceStream stream = new InvoiceStream(rpc.dedicated(), afterCursor, listener, config);
    streams.add(stream);
    stream.start();
    return () -> {
      stream.close();
      streams.remove(stream);
    };
  }

  @Override
  public DecodedPaymentRequest decode(Bolt11 paymentRequest) {
    return decoded(paymentRequest).request();
  }

  @Override
  public PaymentOutcome pay(Bolt11 paymentRequest, Msat maxAmount) {
    DecodedPaymentRequest decoded = decode(paymentRequest);
    if (decoded.amount().isEmpty()) {
      return new PaymentOutcome.Failed("the payment request names no amount; PayQL pays only requests for an amount");
    }
    Msat amount = decoded.amount().get();
    if (amount.isGreaterThan(maxAmount)) {
      return new PaymentOutcome.Failed("the payment request asks for " + amount + ", more than the " + maxAmount
          + " allowed");
    }
    ObjectNode params = params();
    params.put("bolt11", paymentRequest.text());
    params.put("retry_for", config.payTimeout().toSeconds());
    JsonNode result;
    try {
      // never repeated automatically: pay has no label to make a retry harmless
      result = rpc.call("pay", params, config.payTimeout().plus(config.callTimeout()), false);
    } catch (ClnRejectedException e) {
      if (e.code() == ClnRejectedException.PAY_IN_PROGRESS) {
        throw new NodeUnavailableException("a payment to this request is still in flight on the node: " + e.getMessage(), e);
      }
      if (e.code() == -1 || (e.code() > 200 && e.code() <= 210)) {
        return new PaymentOutcome.Failed(e.getMessage());
      }
      throw e;
    }
    String status = result.path("status").asText();
    return switch (status) {
      case "complete" -> {
        Msat received = ClnInvoice.msat(result.path("amount_msat"));
        Msat sent = ClnInvoice.msat(result.path("amount_sent_msat"));
        Msat fee = sent.isGreaterThan(received) ? Msat.of(sent.value() - received.value()) : Msat.ZERO;
        yield new PaymentOutcome.Succeeded(PaymentHash.ofHex(result.path("payment_hash").asText()), received, fee);
      }
      case "failed" -> new PaymentOutcome.Failed("Core Lightning could not pay the request");
      default -> throw new NodeUnavailableException("the payment is " + status + " on the node; it may still complete");
    };
  }

  @Override
  public NodeInfo info() {
    JsonNode info = call("getinfo", params(), true);
    String pubkey = info.path("id").asText();
    String network = switch (info.path("network").asText()) {
      case "bitcoin" -> "mainnet";
      case "testnet4" -> "testnet";
      case "" -> throw new NodeRejectedException("Core Lightning's getinfo names no network");
      default -> info.path("network").asText();
    };
    List<String> uris = new ArrayList<>();
    for (JsonNode address : info.path("address")) {
      uri(pubkey, address).ifPresent(uris::add);
    }
    if (uris.isEmpty()) {
      // no announced address (typical on regtest): where it listens is the best there is
      for (JsonNode binding : info.path("binding")) {
        String host = binding.path("address").asText();
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
          uri(pubkey, binding).ifPresent(uris::add);
        }
      }
    }
    return new NodeInfo("cln", network, pubkey, uris);
  }

  /** {@code pubkey@host:port} for an address entry of getinfo (ipv4, ipv6, torv2, torv3, dns). */
  private static Optional<String> uri(String pubkey, JsonNode address) {
    String type = address.path("type").asText();
    String host = address.path("address").asText();
    if (host.isEmpty() || !address.has("port")) {
      return Optional.empty();
    }
    int port = address.path("port").asInt();
    return switch (type) {
      case "ipv6" -> Optional.of(pubkey + "@[" + host + "]:" + port);
      case "ipv4", "torv2", "torv3", "dns" -> Optional.of(pubkey + "@" + host + ":" + port);
      default -> Optional.empty(); // a local socket binding cannot be dialled by a peer
    };
  }

  @Override
  public void close() {
    streams.forEach(InvoiceStream::close);
    streams.clear();
    rpc.close();
  }

  private record Decoded(DecodedPaymentRequest request, Instant createdAt) {}

  private Decoded decoded(Bolt11 paymentRequest) {
    JsonNode result;
    if (!decodeMissing) {
      ObjectNode params = params();
      params.put("string", paymentRequest.text());
      try {
        result = call("decode", params, true);
      } catch (ClnRejectedException e) {
        if (e.code() != ClnRejectedException.METHOD_NOT_FOUND) {
          throw e;
        }
        decodeMissing = true;
        result = decodePay(paymentRequest);
      }
      String type = result.path("type").asText();
      if (!type.equals("bolt11 invoice")) {
        throw new NodeRejectedException("not a BOLT11 invoice but a " + (type.isEmpty() ? "string of unknown kind" : type));
      }
      if (!result.path("valid").asBoolean(false)) {
        throw new NodeRejectedException("the node found the payment request invalid");
      }
    } else {
      result = decodePay(paymentRequest);
    }
    try {
      Instant created = Instant.ofEpochSecond(result.path("created_at").asLong());
      Duration expiry = Duration.ofSeconds(result.path("expiry").asLong(3600)); // BOLT11 'x' default
      Optional<Msat> amount = Optional.ofNullable(result.get("amount_msat")).filter(n -> !n.isNull()).map(ClnInvoice::msat);
      return new Decoded(new DecodedPaymentRequest(PaymentHash.ofHex(result.path("payment_hash").asText()), amount,
          created.plus(expiry), result.path("payee").asText()), created);
    } catch (IllegalArgumentException e) {
      throw new NodeRejectedException("Core Lightning decoded the payment request into something PayQL cannot read: "
          + e.getMessage(), e);
    }
  }

  /** lightning-decodepay(7), deprecated since v23.05 in favour of decode but the only one before. */
  private JsonNode decodePay(Bolt11 paymentRequest) {
    ObjectNode params = params();
    params.put("bolt11", paymentRequest.text());
    return call("decodepay", params, true);
  }

  private JsonNode call(String method, ObjectNode params, boolean repeatable) {
    return rpc.call(method, params, config.callTimeout(), repeatable);
  }

  private static ObjectNode params() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
  }

  @Override
  public String toString() {
    return "ClnNode[" + config.transport().name().toLowerCase(java.util.Locale.ROOT) + " " + config.endpoint() + "]";
  }
}
